#!/usr/bin/env bash
# PDF benchmark: `bcpgen typeset` against the Markdown -> PDF tools users would
# otherwise pick (pandoc + Chromium, pandoc + typst, pandoc + wkhtmltopdf), on
# the shared corpus (a 40 KB continuity procedure) and on ten copies of it.
#
# usage: benches/pdf.sh [OUTDIR]      (default target/bench-pdf)
#
# Builds bcpgen in release mode, then runs the shared bench's peers.sh on
# each corpus; it prints one Markdown table per corpus (median wall seconds
# of 3 runs, bytes, pages, text extraction, fonts) and leaves every PDF in
# OUTDIR/<corpus>/ to look at. The peers come from the shared bench's
# install-peers.sh (apt + pip, needs root; run it once, or set INSTALL=1).
# BENCH points at the shared bench (default /work/shared/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${BENCH:-/work/shared/bench}
out=${1:-target/bench-pdf}
[ -x "$bench/peers.sh" ] || { echo "no peer bench at $bench (set BENCH)" >&2; exit 2; }
if [ "${INSTALL:-0}" = 1 ]; then "$bench/install-peers.sh"; fi

cargo build --release --quiet
bin=$(pwd)/target/release/bcpgen
[ -f "$bench/corpus/bcm-procedure-x10.md" ] || "$bench/corpus/make-x10.sh"

echo "date: $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"
for corpus in bcm-procedure bcm-procedure-x10; do
  echo
  "$bench/peers.sh" "$bench/corpus/$corpus.md" "$out/$corpus" \
    "bcpgen=$bin typeset \"\$IN\" -o \"\$OUT\""
done
