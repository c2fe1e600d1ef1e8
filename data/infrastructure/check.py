#!/usr/bin/env python3
"""Validate the sourced infrastructure data files.

Usage: python3 data/infrastructure/check.py [SHARED_DATA_DIR]
SHARED_DATA_DIR defaults to $PERIMETER_SHARED_DATA or /work/shared/data and must hold
sok_bridge_hacks.csv, defihacklabs_incidents.csv and defihack_chronicle_incidents.csv.
Exits non-zero on any error.
"""
import csv
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = (sys.argv[1] if len(sys.argv) > 1
          else os.environ.get("PERIMETER_SHARED_DATA", "/work/shared/data"))

KINDS = {"bridge", "messaging", "custodian", "multisig", "oracle", "restaking", "sequencer", "staking"}
STATUSES = {"active", "paused", "archived", "exploited"}
RISKS = {"", "good", "warning", "bad"}
DATASETS = {"sok", "defihacklabs", "chronicle", "seed"}
INFRA_HEADER = ("slug,name,kind,chains,validation,signer_threshold,upgradeability,status,"
                "risk_validated_by,risk_validated_by_reason,risk_source_upgradeability,"
                "risk_source_upgradeability_reason,risk_destination_token,"
                "risk_destination_token_reason,operator,website,source,verified").split(",")

errors = []


def err(msg):
    errors.append(msg)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return r.fieldnames, list(r)


# ---- infrastructure.csv ----
hdr, infra = read(os.path.join(HERE, "infrastructure.csv"))
if hdr != INFRA_HEADER:
    err(f"infrastructure.csv header mismatch: {hdr}")
slugs = Counter(r["slug"] for r in infra)
for s, n in slugs.items():
    if n > 1:
        err(f"duplicate slug {s}")
for r in infra:
    s = r["slug"]
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s):
        err(f"bad slug {s!r}")
    if r["kind"] not in KINDS:
        err(f"{s}: bad kind {r['kind']!r}")
    parts = r["status"].split(";")
    if not r["status"] or any(p not in STATUSES for p in parts):
        err(f"{s}: bad status {r['status']!r}")
    if r["chains"] and not re.fullmatch(r"[a-z0-9-]+(;[a-z0-9-]+)*", r["chains"]):
        err(f"{s}: bad chains {r['chains']!r}")
    for dim in ("risk_validated_by", "risk_source_upgradeability", "risk_destination_token"):
        if r[dim] not in RISKS:
            err(f"{s}: bad {dim} {r[dim]!r}")
        if bool(r[dim]) != bool(r[dim + "_reason"]):
            err(f"{s}: {dim} and its reason must both be set or both be empty")
    if not r["source"].strip():
        err(f"{s}: empty source")
    if r["verified"] not in ("true", "false"):
        err(f"{s}: bad verified {r['verified']!r}")
if len(infra) < 40:
    err(f"only {len(infra)} infrastructure rows (need >= 40)")
slugset = set(slugs)

# ---- contracts.csv ----
hdr, contracts = read(os.path.join(HERE, "contracts.csv"))
if hdr != ["infrastructure", "chain", "address", "role", "source"]:
    err(f"contracts.csv header mismatch: {hdr}")
seen = Counter()
for r in contracts:
    if r["infrastructure"] not in slugset:
        err(f"contracts: unknown infrastructure {r['infrastructure']!r}")
    if not re.fullmatch(r"0x[0-9a-f]{40}", r["address"]):
        err(f"contracts: address not lowercase 0x+40hex: {r['address']!r}")
    if not re.fullmatch(r"[a-z0-9-]+", r["chain"]):
        err(f"contracts: bad chain {r['chain']!r}")
    if not r["role"] or not r["source"]:
        err(f"contracts: empty role/source for {r['address']}")
    seen[(r["infrastructure"], r["chain"], r["address"])] += 1
for k, n in seen.items():
    if n > 1:
        err(f"contracts: duplicate row {k}")

# ---- incident-links.csv ----
hdr, links = read(os.path.join(HERE, "incident-links.csv"))
if hdr != ["dataset", "date", "name", "infrastructure", "source_note"]:
    err(f"incident-links.csv header mismatch: {hdr}")
_, sok = read(os.path.join(SHARED, "sok_bridge_hacks.csv"))
_, dhl = read(os.path.join(SHARED, "defihacklabs_incidents.csv"))
_, chron = read(os.path.join(SHARED, "defihack_chronicle_incidents.csv"))
keys = {
    "sok": Counter((r["date"], r["bridge"]) for r in sok),
    "defihacklabs": Counter((r["date"], r["name"]) for r in dhl),
    "chronicle": Counter((r["date"], r["name"]) for r in chron),
}
dup_keys_used = []
link_seen = Counter()
for r in links:
    ds, key = r["dataset"], (r["date"], r["name"])
    link_seen[(ds, key, r["infrastructure"])] += 1
    if ds not in DATASETS:
        err(f"links: bad dataset {ds!r}")
        continue
    if r["infrastructure"] not in slugset:
        err(f"links: unknown infrastructure {r['infrastructure']!r}")
    if not r["source_note"].strip():
        err(f"links: empty source_note for {key}")
    if ds == "seed":
        if key != ("2026-04-18", "KelpDAO"):
            err(f"links: unexpected seed key {key}")
        continue
    n = keys[ds].get(key, 0)
    if n == 0:
        err(f"links: {ds} {key} matches no dataset row")
    elif n > 1:
        if ds == "sok":
            dup_keys_used.append(key)   # SoK itself repeats this key; the link covers all of them
        else:
            err(f"links: {ds} {key} matches {n} dataset rows")
for k, n in link_seen.items():
    if n > 1:
        err(f"links: duplicate link {k}")

linked_sok = {(r["date"], r["name"]) for r in links if r["dataset"] == "sok"}
sok_rows_covered = sum(1 for r in sok if (r["date"], r["bridge"]) in linked_sok)
if sok_rows_covered != len(sok):
    missing = [(r["date"], r["bridge"]) for r in sok if (r["date"], r["bridge"]) not in linked_sok]
    err(f"SoK rows not linked: {missing}")

# ---- report ----
kinds = Counter(r["kind"] for r in infra)
ver = Counter(r["verified"] for r in infra)
per_ds = Counter(r["dataset"] for r in links)
print(f"infrastructure rows: {len(infra)}  kinds: {dict(kinds)}  verified: {dict(ver)}")
print(f"contracts rows: {len(contracts)}  (infrastructures with contracts: "
      f"{len({r['infrastructure'] for r in contracts})})")
print(f"incident-links rows: {len(links)}  per dataset: {dict(per_ds)}")
print(f"SoK rows covered: {sok_rows_covered}/{len(sok)}"
      + (f"  (SoK duplicate keys covered by one link: {sorted(set(dup_keys_used))})" if dup_keys_used else ""))
if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("OK")
