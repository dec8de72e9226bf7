#!/usr/bin/env bash
# Speed and memory benchmark: `bcpgen typeset` against pandoc -> typst on a
# Markdown corpus at three sizes, and `bcpgen build` (every format) on
# generated organizations of three sizes.
#
# usage: benches/scale.sh [CORPUS_DIR]     (or CORPUS_DIR=... benches/scale.sh)
#
# CORPUS_DIR holds `corpus/bcm-procedure.md` (the Traditional-Chinese
# continuity procedure of the peer benchmark) and, for the typst peer,
# `assets/typst-header.typ` and `assets/typst-meta.yaml`. The corpus is
# also made ten and a hundred times larger (copies joined by a blank line).
#
# Every figure is CPU time (user + system) of the whole process from
# /usr/bin/time, and peak resident memory; the two tools run in turn,
# A B A B ..., so that a drift of the machine's speed hits both, and the
# ratio is taken pair by pair (the median is printed). The organizations
# come from benches/bigorg.py (100, 1,000 and 3,000 processes by default).
#
# Environment:
#   RUNS=5            pairs per corpus, runs per organization
#   SIZES="100 1000 3000"   organization sizes
#   PEERS=DIR         a virtualenv with pypandoc-binary and typst (PyPI);
#                     else `pandoc` and `python3 -c 'import typst'` from PATH
#   SKIP_PEERS=1 / SKIP_ORGS=1   leave a part out (no CORPUS_DIR needed
#                     without the peers)
#   OUT=target/bench-scale       where inputs and outputs go
#   BIN=PATH          time this bcpgen binary (e.g. an older build) instead
#                     of building the current code
set -euo pipefail
cd "$(dirname "$0")/.."
corpus_dir=${1:-${CORPUS_DIR:-}}
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  [ -n "$corpus_dir" ] || { sed -n '2,28s/^# \{0,1\}//p' "$0"; exit 2; }
  src="$corpus_dir/corpus/bcm-procedure.md"
  [ -f "$src" ] || { echo "no corpus at $src" >&2; exit 2; }
fi
runs=${RUNS:-5}
out=${OUT:-target/bench-scale}
mkdir -p "$out"
out=$(realpath "$out")

if [ -n "${BIN:-}" ]; then
  bin=$(realpath "$BIN")
else
  cargo build --release --quiet
  bin=$(pwd)/target/release/bcpgen
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# cpu_mem COMMAND...: runs it, prints "CPU_SECONDS PEAK_MIB"; fails with the command.
cpu_mem() {
  if ! /usr/bin/time -f '%U %S %M' -o "$tmp/t" "$@" >"$tmp/log" 2>&1; then
    echo "failed: $*" >&2; tail -5 "$tmp/log" >&2; return 1
  fi
  awk '{ printf "%.3f %.1f\n", $1 + $2, $3 / 1024 }' "$tmp/t"
}
# cpu_mem_any COMMAND...: the same, whatever the exit status (`check` exits 1 on errors).
cpu_mem_any() {
  /usr/bin/time -f '%U %S %M' -o "$tmp/t" "$@" >"$tmp/log" 2>&1 || true
  awk '{ printf "%.3f %.1f\n", $1 + $2, $3 / 1024 }' "$tmp/t"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bcpgen: $(git describe --always --dirty 2>/dev/null || echo unknown)"

if [ "${SKIP_PEERS:-0}" != 1 ]; then
  for n in 1 10 100; do
    f="$out/corpus-x$n.md"
    for _ in $(seq "$n"); do cat "$src"; echo; done >"$f"
  done
  if [ -n "${PEERS:-}" ]; then
    py="$PEERS/bin/python"
    pandoc=$("$py" -c 'import pypandoc; print(pypandoc.get_pandoc_path())')
  else
    py=python3
    pandoc=$(command -v pandoc || true)
  fi
  typst_ok=0
  if [ -n "$pandoc" ] && "$py" -c 'import typst' 2>/dev/null; then typst_ok=1; fi
  a="$corpus_dir/assets"
  echo
  echo "| corpus | bytes | bcpgen CPU s | pages | PDF bytes | pandoc→typst CPU s | pages | PDF bytes | typst / bcpgen | ms CPU per page (bcpgen) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in 1 10 100; do
    f="$out/corpus-x$n.md"
    ours="$out/bcpgen-x$n.pdf"
    theirs="$out/typst-x$n.pdf"
    : >"$tmp/a"; : >"$tmp/b"; : >"$tmp/r"
    for _ in $(seq "$runs"); do
      read -r ca _ < <(cpu_mem "$bin" typeset "$f" -o "$ours")
      echo "$ca" >>"$tmp/a"
      if [ "$typst_ok" = 1 ]; then
        read -r cb _ < <(cpu_mem sh -c '"$1" -f gfm -t typst -s --quiet --metadata-file="$2" -H "$3" "$4" -o "$5.typ" &&
            "$6" -c "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])" "$5.typ" "$5"' \
          sh "$pandoc" "$a/typst-meta.yaml" "$a/typst-header.typ" "$f" "$theirs" "$py")
        echo "$cb" >>"$tmp/b"
        awk -v a="$ca" -v b="$cb" 'BEGIN { printf "%.3f\n", b / a }' >>"$tmp/r"
      fi
    done
    ma=$(median <"$tmp/a")
    pa=$(pdfinfo "$ours" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    ba=$(stat -c %s "$ours")
    per=$(awk -v s="$ma" -v p="$pa" 'BEGIN { printf "%.2f", 1000 * s / p }')
    if [ "$typst_ok" = 1 ]; then
      mb=$(median <"$tmp/b"); mr=$(median <"$tmp/r")
      pb=$(pdfinfo "$theirs" 2>/dev/null | awk '/^Pages:/ { print $2 }')
      bb=$(stat -c %s "$theirs")
      echo "| ×$n | $(stat -c %s "$f") | $ma | $pa | $ba | $mb | $pb | $bb | ${mr}× | $per |"
    else
      echo "| ×$n | $(stat -c %s "$f") | $ma | $pa | $ba | (no pandoc/typst) | | | | $per |"
    fi
  done
fi

if [ "${SKIP_ORGS:-0}" != 1 ]; then
  echo
  echo "| processes | build CPU s (median) | min–max | peak MiB (median) | files | PDF pages of the set | check CPU s | check peak MiB |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in ${SIZES:-100 1000 3000}; do
    data="$out/org-$n"
    python3 benches/bigorg.py "$n" "$data"
    : >"$tmp/c"; : >"$tmp/m"
    for _ in $(seq "$runs"); do
      rm -rf "$out/build-$n"
      read -r c m < <(cpu_mem "$bin" build --data "$data" -o "$out/build-$n" \
        --format html,pdf,odt,docx,md --as-of 2026-11-22)
      echo "$c" >>"$tmp/c"; echo "$m" >>"$tmp/m"
    done
    read -r cc cm < <(cpu_mem_any "$bin" check --data "$data" --as-of 2026-11-22)
    pages=$(pdfinfo "$out/build-$n/bcp-set.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    echo "| $n | $(median <"$tmp/c") | $(sort -g "$tmp/c" | head -1)–$(sort -g "$tmp/c" | tail -1) | $(median <"$tmp/m") | $(find "$out/build-$n" -type f ! -name '.*' | wc -l) | ${pages:-?} | $cc | $cm |"
  done
fi
