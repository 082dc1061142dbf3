#!/usr/bin/env bash
# The install test (issue 19): `meson install --destdir` into a temporary tree, then, from
# a folder outside the checkout and with nothing pointing into the source tree, the
# installed program indexes and searches the bundled corpus, finds its registry in the
# tree's datadir (cites 25-NQ/TW: as many reports as the build-tree program), its man pages
# render with `man -l`, its bash completion answers, and a C program built through
# `pkg-config tracuu` opens the index and searches it with the installed libtracuu.so.0.
#   check-install.sh BUILD PREFIX BINDIR LIBDIR DATADIR MANDIR INCLUDEDIR COMPLETIONSDIR UNITDIR
set -euo pipefail
build=$1 prefix=$2 bindir=$3 libdir=$4 datadir=$5 mandir=$6 includedir=$7 compdir=$8 unitdir=$9
src=$(cd "${TRACUU_SOURCE_ROOT:?}" && pwd)
built=${TRACUU_BIN:?}
abs() { case $1 in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac; }

tmp=$(mktemp -d /tmp/tracuu-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
meson install -C "$build" --no-rebuild --destdir "$root" >"$tmp/install.log" 2>&1 || {
    cat "$tmp/install.log"
    exit 1
}

fail() {
    echo "FAIL: $*"
    exit 1
}
bin=$root$(abs "$bindir")/tracuu
lib=$root$(abs "$libdir")
registry=$root$(abs "$datadir")/tracuu/registry.ini
for f in "$bin" "$lib/libtracuu.so.0" "$lib/libtracuu.so" "$lib/pkgconfig/tracuu.pc" \
    "$root$(abs "$includedir")/tracuu.h" "$registry" \
    "$root$(abs "$mandir")/man1/tracuu.1" "$root$(abs "$mandir")/man7/tracuu-query.7" \
    "$root$compdir/tracuu" "$root$unitdir/tracuu-reindex@.service" \
    "$root$unitdir/tracuu-reindex@.timer" "$root$unitdir/tracuu-reindex.timer" \
    "$root$unitdir/tracuu-serve.service"; do
    [ -e "$f" ] || fail "not installed: ${f#"$root"}"
done
echo "installed: program, libtracuu.so.0, tracuu.pc, tracuu.h, registry, man pages, completion, units"
readelf -d "$lib/libtracuu.so.0" | grep 'SONAME.*\[libtracuu\.so\.0\]' >/dev/null || fail "no SONAME libtracuu.so.0"
# the shared library exports the API and nothing else
others=$(nm -D --defined-only "$lib/libtracuu.so.0" | awk '$2 ~ /[TDBR]/ && $3 !~ /^tracuu_/' | head -3)
[ -z "$others" ] || fail "libtracuu.so.0 exports more than tracuu_*: $others"

# Outside the checkout; no variable names the source tree or a configuration.
mkdir -p "$tmp/work" "$tmp/home"
cd "$tmp/work"
unset TRACUU_REGISTRY TRACUU_INDEX TRACUU_SOURCE_ROOT
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share
export TRACUU_CONFIG_SYSTEM=$tmp/no-system.conf
export LD_LIBRARY_PATH=$lib
ldd "$bin" | grep "libtracuu.so.0 => $lib/libtracuu.so.0" >/dev/null || fail "the program does not use the installed library: $(ldd "$bin" | grep tracuu)"

reg=$("$bin" --json config | python3 -c 'import json,sys; s=json.load(sys.stdin)["settings"]["registry"]; print(s["value"], s["source"])')
[ "$reg" = "$registry default" ] || fail "registry in force: $reg (want $registry default)"
echo "registry found in the installed datadir: ${registry#"$root"}"

"$bin" --index "$tmp/ix" --json index "$src/corpus" >"$tmp/index.json" || fail "installed index: exit $?"
"$bin" --index "$tmp/ix" search dan van >"$tmp/search.txt" || fail "installed search: exit $?"
grep -q 'dân vận\|Dân vận' "$tmp/search.txt" || fail "installed search found no 'dân vận'"
cites() { # program index [env...] -> number of reports citing 25-NQ/TW
    local prog=$1 ix=$2
    "$prog" --index "$ix" --json cites 25-NQ/TW |
        python3 -c 'import json,sys; print(len(json.load(sys.stdin)["documents"]))'
}
installed=$(cites "$bin" "$tmp/ix")
TRACUU_REGISTRY=$src/corpus/registry.ini "$built" --index "$tmp/ix-build" index --quiet "$src/corpus" >/dev/null
from_build=$(TRACUU_REGISTRY=$src/corpus/registry.ini cites "$built" "$tmp/ix-build")
[ "$installed" -gt 0 ] && [ "$installed" = "$from_build" ] ||
    fail "cites 25-NQ/TW: installed program $installed reports, build tree $from_build"
echo "cites 25-NQ/TW: $installed reports, as the build-tree program"
# without its registry the installed program refuses instead of using an empty one
mv "$registry" "$registry.away"
if "$bin" --index "$tmp/ix" search dan 2>"$tmp/err"; then fail "ran without a registry"; fi
# (none beside the program: the built-in path is named, then)
grep -q "$(abs "$datadir")/tracuu/registry.ini: cannot read the registry" "$tmp/err" ||
    fail "message: $(cat "$tmp/err")"
mv "$registry.away" "$registry"
echo "a missing registry is an error naming $(abs "$datadir")/tracuu/registry.ini"

# man pages render, with a section per command
page=$(MANWIDTH=100 man -l "$root$(abs "$mandir")/man1/tracuu.1" 2>&1)
for c in index reindex watch changes search show cites refs cocited citations similar recurring \
    status shard serve debug config; do
    grep -Eq "^   $c\$" <<<"$page" || fail "tracuu(1) has no section for $c"
done
grep -q '^EXIT STATUS' <<<"$page" || fail "tracuu(1) has no EXIT STATUS"
MANWIDTH=100 man -l "$root$(abs "$mandir")/man7/tracuu-query.7" 2>&1 | grep 'commune:NAME' >/dev/null ||
    fail "tracuu-query(7) does not render its filters"
echo "man -l renders tracuu(1) and tracuu-query(7)"

bash "$src/tests/install/check-completion.sh" "$root$compdir/tracuu" >"$tmp/completion.log" || {
    cat "$tmp/completion.log"
    fail "completion"
}
echo "bash completion: $(tail -1 "$tmp/completion.log")"

# someone else's program, through pkg-config only
export PKG_CONFIG_PATH=$lib/pkgconfig
pc="pkg-config --define-variable=prefix=$root$prefix"
[ "$($pc --modversion tracuu)" = "$("$bin" --version | cut -d' ' -f2)" ] || fail "tracuu.pc version"
# a sanitized build's library needs the sanitizer runtime in the program too
san=()
[ "${TRACUU_SANITIZE:-none}" = none ] || san=(-fsanitize="$TRACUU_SANITIZE")
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror "${san[@]}" -o "$tmp/search" "$src/tests/install/search.c" $($pc --cflags --libs tracuu) ||
    fail "cannot build a program with pkg-config tracuu"
ldd "$tmp/search" | grep "libtracuu.so.0 => $lib/libtracuu.so.0" >/dev/null || fail "search does not use the installed library"
# The library alone looks for the registry at its built-in path only, which a --destdir
# tree is not at: it must refuse to open the index rather than use an empty registry...
if "$tmp/search" "$tmp/ix" "dan van" >/dev/null 2>"$tmp/err"; then fail "library ran without a registry"; fi
grep -q "$(abs "$datadir")/tracuu/registry.ini: cannot read the registry" "$tmp/err" ||
    fail "library message: $(cat "$tmp/err")"
# ...and work once told where the tree's registry is.
TRACUU_REGISTRY=$registry "$tmp/search" "$tmp/ix" "dan van" >"$tmp/c.txt" || fail "the C program: exit $?"
want=$("$bin" --index "$tmp/ix" --json search --count dan van | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
[ "$(head -1 "$tmp/c.txt")" = "total $want" ] || fail "C program: $(head -1 "$tmp/c.txt"), CLI total $want"
[ "$(wc -l <"$tmp/c.txt")" -gt 1 ] || fail "C program printed no hit"
echo "a C program built with pkg-config tracuu finds $want documents for 'dan van', as the program"
echo "install test: all checks passed"
