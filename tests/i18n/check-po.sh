#!/bin/sh
# The catalogue is complete: every file that marks messages (_( or N_() is in po/POTFILES;
# every marked message of those files is in po/tracuu.pot; and po/vi.po translates every
# message of tracuu.pot, none fuzzy (msgfmt --check --statistics). Run by meson test
# (suite cli) with TRACUU_SOURCE_ROOT; exit 77 (skipped) without the gettext tools.
set -eu
root=${TRACUU_SOURCE_ROOT:?}
for tool in xgettext msgfmt msgcmp; do
  command -v "$tool" >/dev/null || { echo "skip: $tool not installed (package gettext)"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# 1. every source file with marked messages (_, N_, L_ in the library) is listed
for f in $(cd "$root" && grep -l -E '\b_\(|\bN_\(|\bL_\(' cli/*.c text/*.c query/*.c indexer/*.c store/*.c store/*.cc 2>/dev/null); do
  grep -qx "$f" "$root/po/POTFILES" || { echo "FAIL: $f marks messages but is not in po/POTFILES"; fail=1; }
done

# 2. the committed template holds every marked message (refresh: ninja -C build tracuu-pot)
(cd "$root" && xgettext --keyword=_ --keyword=N_ --keyword=L_ --from-code=UTF-8 --add-comments=TRANSLATORS: \
   --package-name=tracuu -o "$tmp/now.pot" -f po/POTFILES 2>/dev/null)
if ! msgcmp --use-untranslated "$root/po/tracuu.pot" "$tmp/now.pot" 2>"$tmp/cmp"; then
  echo "FAIL: messages in the source are missing from po/tracuu.pot:"; cat "$tmp/cmp"; fail=1
fi

# 3. vi.po translates every message of the source, none fuzzy, formats consistent
if ! msgcmp "$root/po/vi.po" "$tmp/now.pot" 2>"$tmp/cmp2"; then
  echo "FAIL: po/vi.po lacks messages of the source:"; cat "$tmp/cmp2"; fail=1
fi
stats=$(LC_ALL=C msgfmt --check --statistics -o "$tmp/vi.mo" "$root/po/vi.po" 2>&1) || {
  echo "FAIL: msgfmt --check: $stats"; fail=1; }
echo "vi.po: $stats"
case "$stats" in
  *untranslated*|*fuzzy*) echo "FAIL: po/vi.po has untranslated or fuzzy messages"; fail=1 ;;
esac
exit $fail
