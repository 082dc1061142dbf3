#!/bin/sh
# bench/gen is deterministic, and bench/run works end to end on a small generated corpus:
# both indexes built, every query class timed, and tracuu answering every answer-quality
# case in full (the generator plants each case; the check is tracuu's, never FTS5's).
# Timings are printed, never asserted.
set -eu
gen=$1
run=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" --docs 300 --seed 7 --out "$tmp/a" >/dev/null
"$gen" --docs 300 --seed 7 --out "$tmp/b" >/dev/null
if ! diff -r "$tmp/a" "$tmp/b" >/dev/null; then
    echo "bench_gen: two runs with the same seed differ"
    exit 1
fi
"$gen" --docs 300 --seed 8 --out "$tmp/c" >/dev/null
if diff -r "$tmp/a/docs" "$tmp/c/docs" >/dev/null; then
    echo "bench_gen: another seed gave the same documents"
    exit 1
fi
if ! "$run" --data "$tmp/a" --rounds 1 >"$tmp/out.md" 2>"$tmp/err"; then
    echo "bench_run failed:"
    cat "$tmp/err" "$tmp/out.md"
    exit 1
fi
cat "$tmp/out.md"
cases=$(grep -vc '^#' "$tmp/a/quality.tsv")
line=$(grep 'cases answered in full' "$tmp/out.md")
tracuu=$(echo "$line" | awk -F'|' '{gsub(/[* ]/, "", $4); print $4}')
if [ "$tracuu" != "$cases/$cases" ]; then
    echo "tracuu answered $tracuu of the answer-quality cases in full, expected $cases/$cases"
    exit 1
fi
for row in "accented words" "unaccented words" "phrase" "citation id" "filtered" \
           "similar --text" "recurring" "nothing changed" "one file changed" "peak RSS"; do
    grep -q "$row" "$tmp/out.md" || { echo "bench_run printed no '$row' row"; exit 1; }
done
