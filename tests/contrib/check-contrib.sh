#!/bin/sh
# The scheduling files of contrib/: the crontab line by shape (no /usr/local/bin, a user
# field as /etc/cron.d wants), the systemd units as meson configured them ($1: their build
# folder) with no @placeholder@ left, a real bindir in ExecStart, User=tracuu, an instance
# unit that takes the index from %f, then `systemd-analyze verify` on them with ExecStart
# pointed at the built program. Skips (77) the verify part without systemd-analyze.
set -eu
root=${TRACUU_SOURCE_ROOT:-.}
units=${1:?usage: check-contrib.sh UNIT-BUILD-DIR}
line=$(grep -v '^#' "$root/contrib/cron/tracuu.cron" | grep -v '^$')
echo "$line" | grep -Eq '^([0-9*/,-]+ ){5}tracuu /[^ ]+/tracuu reindex( |$)' || {
    echo "contrib/cron/tracuu.cron: not an /etc/cron.d line running tracuu reindex as tracuu: $line"
    exit 1
}
case $line in */usr/local/bin/*) echo "contrib/cron/tracuu.cron: /usr/local/bin hard-coded"; exit 1 ;; esac
all="tracuu-reindex.service tracuu-reindex.timer tracuu-reindex@.service tracuu-reindex@.timer tracuu-serve.service"
for u in $all; do
    f="$units/$u"
    [ -f "$f" ] || { echo "$f: not built"; exit 1; }
    if grep -n '@[a-z]*@' "$f"; then echo "$f: placeholder left"; exit 1; fi
done
for u in tracuu-reindex.service tracuu-reindex@.service tracuu-serve.service; do
    grep -q '^User=tracuu$' "$units/$u" || { echo "$u: no User=tracuu"; exit 1; }
    grep -Eq '^ExecStart=/[^ ]*/tracuu ' "$units/$u" || { echo "$u: ExecStart not a path"; exit 1; }
done
grep -q '^ExecStart=/[^ ]*/tracuu --index %f reindex ' "$units/tracuu-reindex@.service" || {
    echo "tracuu-reindex@.service: the index is not taken from the instance (%f)"
    exit 1
}
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIP: systemd-analyze not installed; the crontab line and units' text are fine"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${TRACUU_BIN:-/bin/true}
for u in $all; do
    sed "s|^ExecStart=/[^ ]*/tracuu |ExecStart=$bin |" "$units/$u" >"$tmp/$u"
done
# an instance of the template, as `systemctl enable tracuu-reindex@srv-tracuu-index.timer`
cp "$tmp/tracuu-reindex@.service" "$tmp/tracuu-reindex@srv-tracuu-index.service"
cp "$tmp/tracuu-reindex@.timer" "$tmp/tracuu-reindex@srv-tracuu-index.timer"
# Documentation=man:tracuu(1) must resolve: the man page built beside (scdoc), else skip
# that check only.
man=--man=no
if [ -f "$units/../man/tracuu.1" ]; then
    mkdir -p "$tmp/man/man1"
    cp "$units/../man/tracuu.1" "$tmp/man/man1/"
    man=--man=yes
fi
out=$(cd "$tmp" && MANPATH="$tmp/man" systemd-analyze verify $man tracuu-reindex.service tracuu-reindex.timer \
    tracuu-reindex@srv-tracuu-index.service tracuu-reindex@srv-tracuu-index.timer \
    tracuu-serve.service 2>&1 || true)
if [ -n "$out" ]; then
    echo "$out"
    exit 1
fi
echo "units and crontab line verified"
