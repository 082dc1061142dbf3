#!/bin/sh
# The scheduling files in contrib/ parse: the systemd units with `systemd-analyze verify`
# (ExecStart pointed at a program that exists here), the crontab line by shape. Skips (77)
# the systemd part when systemd-analyze is not installed.
set -eu
root=${TRACUU_SOURCE_ROOT:-.}
line=$(grep -v '^#' "$root/contrib/cron/tracuu.cron" | grep -v '^$')
echo "$line" | grep -Eq '^([0-9*/,-]+ ){5}/[^ ]+/tracuu reindex( |$)' || {
    echo "contrib/cron/tracuu.cron: not a crontab line running tracuu reindex: $line"
    exit 1
}
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIP: systemd-analyze not installed; the crontab line is fine"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|/usr/local/bin/tracuu|/bin/true|" "$root/contrib/systemd/tracuu-reindex.service" \
    >"$tmp/tracuu-reindex.service"
cp "$root/contrib/systemd/tracuu-reindex.timer" "$tmp/"
out=$(cd "$tmp" && systemd-analyze verify tracuu-reindex.service tracuu-reindex.timer 2>&1 || true)
if [ -n "$out" ]; then
    echo "$out"
    exit 1
fi
echo "units and crontab line verified"
