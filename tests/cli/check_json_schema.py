#!/usr/bin/env python3
"""The JSON contract (docs/JSON.md): the real output of every command, on an index of the
bundled corpus, validated against its JSON Schema under docs/schema/ (python3-jsonschema).
Also: every error object carries a stable error.code, and every answer a "version".
Exit 77 (skipped) when python3-jsonschema is not installed."""
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("skip: python3-jsonschema is not installed (scripts/bootstrap installs it)")
    sys.exit(77)

BIN = os.environ["TRACUU_BIN"]
ROOT = os.environ["TRACUU_SOURCE_ROOT"]
SCHEMAS = os.path.join(ROOT, "docs", "schema")
CORPUS = os.path.join(ROOT, "corpus")
DOCS = os.path.join(CORPUS, "docs")
REPORT = os.path.join(DOCS, "tra-vinh", "cang-long", "my-cam", "2023-so-ket-nghi-quyet-25.txt")
KHEO = os.path.join(DOCS, "vinh-long", "vung-liem", "trung-thanh", "2025-so-ket-dan-van-kheo.txt")
failures = []


def run(args, expect):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    p = subprocess.run([BIN, "--json"] + args, capture_output=True, env=env, timeout=120)
    if p.returncode != expect:
        failures.append("%s: exit %d, expected %d: %s" % (args, p.returncode, expect,
                                                          p.stderr.decode(errors="replace")))
        return None
    lines = p.stdout.decode().strip().splitlines()
    if len(lines) != 1:
        failures.append("%s: %d lines of JSON, expected one" % (args, len(lines)))
        return None
    return json.loads(lines[0])


def check(name, args, expect=0):
    o = run(args, expect)
    if o is None:
        return None
    with open(os.path.join(SCHEMAS, name + ".schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.validate(o, schema)
    except jsonschema.ValidationError as e:
        failures.append("%s vs %s.schema.json: %s at %s" % (args, name, e.message, list(e.path)))
    return o


with tempfile.TemporaryDirectory() as tmp:
    ix = ["--index", os.path.join(tmp, "index")]
    check("index", ix + ["index", "--base", CORPUS, CORPUS])
    check("index", ix + ["reindex"])
    s = check("search", ix + ["search", "--facets", "--limit", "20", "dân", "vận"])
    check("search", ix + ["search", "--docs", "--since", "5/2019", "xa:Sơn Định", "OR", "hạn chế"])
    check("search-count", ix + ["search", "--count", "dan", "van"])
    check("status", ix + ["status", "--errors"])
    show = check("show", ix + ["show", KHEO])
    check("cites", ix + ["cites", "--stats", "--since", "2019", "25-NQ/TW"])
    check("refs", ix + ["refs", REPORT])
    check("cocited", ix + ["cocited", "25-NQ/TW"])
    check("similar", ix + ["similar", KHEO + "#3"])
    check("similar", ix + ["similar", "--text", "công tác dân vận còn hạn chế"])
    check("recurring", ix + ["recurring", "--min-communes", "2"])
    check("changes", ix + ["changes", "--since", "0"])
    check("citations", ["citations", REPORT])
    check("debug-tokens", ["debug", "tokens", KHEO])
    check("debug-query", ["debug", "query", "tinh:tra-vinh", "dân vận"])
    check("config", ix + ["config"])
    # errors: one schema, a stable code each
    for args, exit_code, code in [
        (ix + ["search", "--limt", "3", "x"], 2, "usage"),
        (ix + ["search", "comune:Sơn", "x"], 2, "bad_query"),
        (ix + ["search", "--since", "31/2/2019", "x"], 2, "usage"),
        (["--index", os.path.join(tmp, "none"), "status"], 3, "no_index"),
        (ix + ["show", "/nowhere/x.txt"], 5, "not_found"),
        (["citations", os.path.join(tmp, "missing.txt")], 5, "io"),
        (ix + ["serch", "x"], 2, "usage"),
    ]:
        e = check("error", args, exit_code)
        if e is not None and e["error"].get("code") != code:
            failures.append("%s: error.code %r, expected %r" % (args, e["error"].get("code"), code))
    if s is not None:
        # dates with their precision; facets largest first
        for r in s["results"]:
            if r["date"] is not None and r.get("date_precision") != {4: "year", 7: "month", 10: "day"}[len(r["date"])]:
                failures.append("search: %s with precision %s" % (r["date"], r.get("date_precision")))
        for name, counts in s["facets"].items():
            values = list(counts.values())
            if values != sorted(values, reverse=True):
                failures.append("facet %s not sorted by count: %s" % (name, counts))
    if show is not None and show["date"] != "2025-05-22":
        failures.append("show: date %r" % show["date"])

for f in failures:
    print("FAIL:", f)
print("%d failure(s)" % len(failures))
sys.exit(1 if failures else 0)
