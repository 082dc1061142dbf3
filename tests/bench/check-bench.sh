#!/bin/sh
# bench/gen is deterministic (commune reports and --long legal texts), and bench/run works
# end to end on a small generated corpus: the three indexes built (tracuu, FTS5, stock
# Xapian), every query class timed, and tracuu answering every answer-quality case in full
# (the generator plants each case; the check is tracuu's, never a peer's). Timings are
# printed, never asserted.
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
"$gen" --docs 60 --seed 7 --long --out "$tmp/l1" >/dev/null
"$gen" --docs 60 --seed 7 --long --out "$tmp/l2" >/dev/null
if ! diff -r "$tmp/l1" "$tmp/l2" >/dev/null; then
    echo "bench_gen --long: two runs with the same seed differ"
    exit 1
fi
for f in "$tmp"/l1/docs/*/*/*/*.txt; do
    lines=$(grep -c . "$f" || true)
    # UTF-16 files count no lines this way; every other one has at least 50 paragraphs
    if [ "$lines" -gt 1 ] && [ "$lines" -lt 50 ]; then
        echo "bench_gen --long: $f has $lines paragraphs, expected 50 to 400 and a closing"
        exit 1
    fi
done
grep -q '^Điều 1\.' "$tmp"/l1/docs/*/*/*/*.txt || { echo "bench_gen --long: no articles"; exit 1; }
rm -rf "$tmp/l1" "$tmp/l2"
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
grep -q 'stock Xapian' "$tmp/out.md" || { echo "bench_run printed no stock Xapian column"; exit 1; }
grep -q 'words in different paragraphs' "$tmp/out.md" || { echo "no different-paragraphs case"; exit 1; }
grep -q 'paragraph above fragments' "$tmp/out.md" || { echo "no paragraph-above-fragments case"; exit 1; }
for row in "accented words" "unaccented words" "phrase" "citation id" "filtered" \
           "similar --text" "recurring" "nothing changed" "one file changed" "peak RSS"; do
    grep -q "$row" "$tmp/out.md" || { echo "bench_run printed no '$row' row"; exit 1; }
done
