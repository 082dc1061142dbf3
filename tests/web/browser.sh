#!/usr/bin/env bash
# browser.sh - the pages of `tracuu serve` in a real browser: headless Chromium loads the
# search page for an unmarked query and the Trích dẫn page and saves PNG screenshots under
# docs/screenshots/; the test checks they exist and are not blank (a blank or one-colour
# page compresses to a few kilobytes). Skipped (exit 77) when Chromium is not installed.
set -euo pipefail

bin=${TRACUU_BIN:?TRACUU_BIN is not set}
root=${TRACUU_SOURCE_ROOT:?TRACUU_SOURCE_ROOT is not set}
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: no chromium on PATH (apt-get install chromium)"
  exit 77
fi

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" --index "$tmp/index" index --quiet "$root/corpus"
"$bin" --index "$tmp/index" serve --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/log" &
server=$!
url=""
for _ in $(seq 100); do
  url=$(sed -n 's/^tracuu serve: listening on \(http:[^ ]*\)$/\1/p' "$tmp/out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "FAIL: the server did not start"; cat "$tmp/log"; exit 1; }

out="$root/docs/screenshots"
mkdir -p "$out"
shoot() { # NAME PATH [WIDTH,HEIGHT]
  rm -f "$out/$1.png"
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$tmp/profile" --screenshot="$out/$1.png" --window-size="${3:-1200,900}" \
    "$url${2#/}" >"$tmp/browser.log" 2>&1 || { cat "$tmp/browser.log"; }
  [ -s "$out/$1.png" ] || { echo "FAIL: no screenshot $1.png"; cat "$tmp/browser.log"; exit 1; }
  size=$(stat -c %s "$out/$1.png")
  # a one-colour 1200x900 PNG is a few kilobytes; a page with text is tens of them
  if [ "$size" -lt 20000 ]; then echo "FAIL: $1.png looks blank ($size bytes)"; exit 1; fi
  head -c 8 "$out/$1.png" | od -An -tx1 | grep -q '89 50 4e 47' || { echo "FAIL: $1.png is not a PNG"; exit 1; }
  echo "ok: $1.png ($size bytes) from $url${2#/}"
}
shoot search "/tim-kiem?q=dan+van"
shoot cites "/trich-dan?id=217-Q%C4%90%2FTW"
shoot phone "/tim-kiem?q=hoa+giai" 390,844
