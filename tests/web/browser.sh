#!/usr/bin/env bash
# browser.sh - the pages of `tracuu serve` in a real browser, as an official would use them.
# Headless Chromium opens the home page; the test reads the search form's action and input
# name from the DOM Chromium built and submits an unmarked query as that GET form would
# (the form has no script: submitting it is loading ACTION?NAME=QUERY); on the results it
# takes the first Trích dẫn link and follows it, then the first document (Văn bản) and
# similar-findings (Ý tương tự) links, and the navigation's Lặp lại and Tình trạng links.
# Every page is screenshotted into docs/screenshots/ (the README shows them) and checked:
# the DOM must hold what the page is for (its title, marked words, charts, ...) and the
# PNG must be the window's size with something drawn on it (tests/web/pngcheck.c, which is
# first shown a blank page to prove it can refuse one). Skipped (exit 77) without Chromium.
set -euo pipefail

bin=${TRACUU_BIN:?TRACUU_BIN is not set}
root=${TRACUU_SOURCE_ROOT:?TRACUU_SOURCE_ROOT is not set}
pngcheck=${TRACUU_PNGCHECK:?TRACUU_PNGCHECK is not set (run through meson test)}
# An unmarked query (giám sát phản biện) whose first page cites documents.
query="giam sat phan bien"

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: no Chromium on PATH (chromium, chromium-browser or google-chrome);" \
       "install Debian's 'chromium' package (scripts/bootstrap does) to run the browser test"
  exit 77
fi

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$bin" --index "$tmp/index" index --quiet --base "$root/corpus" "$root/corpus"
"$bin" --index "$tmp/index" serve --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/log" &
server=$!
url=""
for _ in $(seq 100); do
  url=$(sed -n 's/^tracuu serve: listening on \(http:[^ ]*\)$/\1/p' "$tmp/out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$tmp/log"; fail "the server did not start"; }
origin=${url%/}   # http://127.0.0.1:PORT

out="$root/docs/screenshots"
mkdir -p "$out"

# load URL PNG SIZE: one Chromium run that saves a screenshot of the window (SIZE = W,H)
# and the DOM after loading into $tmp/dom.html. Bounded by timeout(1).
load() {
  rm -f "$2" "$tmp/dom.html"
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$tmp/profile" --window-size="$3" --screenshot="$2" --dump-dom \
    "$1" >"$tmp/dom.html" 2>"$tmp/browser.log" || true
  [ -s "$tmp/dom.html" ] || { cat "$tmp/browser.log"; fail "Chromium gave no DOM for $1"; }
  [ -s "$2" ] || { cat "$tmp/browser.log"; fail "Chromium saved no screenshot of $1"; }
}

# dom_has TEXT WHAT: the last page's DOM contains TEXT (fixed string).
dom_has() {
  grep -qF -- "$1" "$tmp/dom.html" || fail "$2: no '$1' in the page"
}

# first_link PATTERN: the first href in the last DOM whose value starts with PATTERN
# (a path of this site), with the HTML entity &amp; undone and any #fragment dropped.
first_link() {
  grep -o "href=\"$1[^\"]*\"" "$tmp/dom.html" | head -n 1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g; s/#.*//'
}

# shoot NAME URL W,H CHECKS...: screenshot into docs/screenshots/NAME.png; every CHECK (a
# fixed string: the page's title, what it is for) must be in the DOM Chromium built.
shoot() {
  local name=$1 target=$2 size=$3
  shift 3
  load "$target" "$out/$name.png" "$size"
  for want in "$@"; do dom_has "$want" "$name.png from $target"; done
  local w=${size%,*} h=${size#*,}
  info=$("$pngcheck" "$out/$name.png" "$w" "$h") || fail "$name.png is blank or too small ($target)"
  echo "ok: $name.png $info from $target"
}

# The blank check must be able to fail: a screenshot of an empty page is refused.
load "about:blank" "$tmp/blank.png" 1200,900
if "$pngcheck" "$tmp/blank.png" 1200 900 >/dev/null 2>&1; then
  fail "pngcheck accepted a screenshot of a blank page"
fi

# The home page's search form, as Chromium parsed it: its action and its text input's name.
load "$url" "$tmp/home.png" 1200,900
form=$(tr '\n' ' ' <"$tmp/dom.html" | grep -o '<form[^>]*role="search"[^>]*>.*</form>' | sed 's:</form>.*::') ||
  fail "no search form on the home page"
action=$(printf '%s' "$form" | grep -o '^<form[^>]*>' | grep -o 'action="[^"]*"' | sed 's/^action="//; s/"$//')
input=$(printf '%s' "$form" | grep -o '<input[^>]*type="search"[^>]*>' | head -n 1 | grep -o 'name="[^"]*"' |
  sed 's/^name="//; s/"$//')
method=$(printf '%s' "$form" | grep -o '^<form[^>]*>' | grep -o 'method="[^"]*"' || true)
[ -n "$action" ] && [ -n "$input" ] || fail "the search form has no action or no text input name"
case "$method" in ''|'method="get"'|'method="GET"') ;; *) fail "the search form is not a GET form ($method)" ;; esac
case "$action" in /*) action="$origin$action" ;; http://127.0.0.1:*) ;; *) fail "unexpected form action $action" ;; esac

# What the browser sends for the typed words (application/x-www-form-urlencoded), byte by
# byte (LC_ALL=C in the subshell: a marked query is sent as the %XX of its UTF-8 bytes).
encoded=$(
  LC_ALL=C
  for ((i = 0; i < ${#query}; i++)); do
    c=${query:i:1}
    case "$c" in
      [A-Za-z0-9._~-]) printf '%s' "$c" ;;
      ' ') printf '+' ;;
      *) printf '%%%02X' "'$c" ;;
    esac
  done
)
results="$action?$input=$encoded"

# Tìm kiếm: the unmarked words found marked (giám sát), facets, a page of results.
shoot search "$results" 1200,1000 "<h1>Tìm kiếm</h1>" "<title>$query ·" "<mark>giám</mark>" "<mark>sát</mark>" \
  "<mark>phản</mark>" "<h2>Xã</h2>"
cites=$(first_link "/trich-dan?id=")
doc=$(first_link "/van-ban?doc=")
similar=$(first_link "/tuong-tu?ref=")
recurring=$(first_link "/lap-lai")
status=$(first_link "/tinh-trang")
for v in cites doc similar recurring status; do
  [ -n "${!v}" ] || fail "the results page has no $v link"
done
# The same results at a phone's width (the layout folds into one column).
shoot phone "$results" 390,844 "<h1>Tìm kiếm</h1>" "<title>$query ·" "<mark>giám</mark>"
# Trích dẫn: the cited document's page, with its bar charts (SVG) and citing reports.
shoot cites "$origin$cites" 1200,1000 "<svg" "Số báo cáo theo xã" "Số báo cáo theo năm" "/van-ban?doc="
# Văn bản: one document with its passages, anchored #pN.
shoot document "$origin$doc" 1200,1000 'id="p1"' "Tải tệp gốc"
# Ý tương tự: other communes' findings like one passage.
shoot similar "$origin$similar" 1200,1000 "<h1>Ý tương tự</h1>" "/van-ban?doc="
# Lặp lại and Tình trạng, from the navigation bar.
shoot recurring "$origin$recurring" 1200,1000 "<h1>Lặp lại</h1>" "<form"
shoot status "$origin$status" 1200,1000 "<h1>Tình trạng</h1>" "<td>82</td>"
