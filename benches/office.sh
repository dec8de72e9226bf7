#!/usr/bin/env bash
# ODT + DOCX benchmark: `bcpgen build` of the example set (data/) as ODT and
# DOCX, end to end (load, check, render, export, write), against the same
# build as Markdown only (the pipeline without the exporters) and as PDF.
#
# usage: benches/office.sh [RUNS]      (default 7)
#
# Builds bcpgen in release mode, runs each command once to warm the caches,
# then RUNS times, and prints the median, minimum and maximum wall seconds
# of each (bash's own `time`; no other tool needed).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
cargo build --release --quiet
bin=$(pwd)/target/release/bcpgen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {printf "%.3f %.3f %.3f\n", a[int((NR+1)/2)], a[1], a[NR]}'; }

echo "date: $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), $runs runs"
echo
echo "| formats | median s | min s | max s | files |"
echo "|---|---:|---:|---:|---:|"
for formats in md odt,docx odt docx pdf; do
  dir="$out/$formats"
  "$bin" build data --out "$dir" --as-of 2026-11-22 --format "$formats" >/dev/null 2>&1
  times=()
  for _ in $(seq "$runs"); do
    TIMEFORMAT=%R
    t=$( { time "$bin" build data --out "$dir" --as-of 2026-11-22 --format "$formats" >/dev/null 2>&1; } 2>&1 )
    times+=("$t")
  done
  read -r med lo hi < <(printf '%s\n' "${times[@]}" | median)
  files=$(find "$dir" -maxdepth 1 -type f ! -name '.*' | wc -l)
  echo "| $formats | $med | $lo | $hi | $files |"
done
