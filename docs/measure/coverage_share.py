#!/usr/bin/env python3
"""Share of azurerm/azapi resource instances that reach the rules, per repository.

Usage: coverage_share.py TFHARDEN REPO_DIR...

Runs `TFHARDEN check DIR/examples --recursive --format json` (DIR itself when it has no
examples/) and counts, from the JSON report's per-environment `resources`:
  instances   azurerm_*/azapi_* managed instances evaluated
  modelled    of those, compiled into the ARM model (every rule of their type applies)
  checked     of those, looked at by at least one rule
  listed      not modelled and listed as such (never silent)
  roots / failed roots
Nothing here is a timing; see `cargo bench` for speed.
"""
import json
import os
import subprocess
import sys


def measure(binary, repo):
    target = os.path.join(repo, "examples")
    if not os.path.isdir(target):
        target = repo
    run = subprocess.run([binary, "check", target, "--recursive", "--format", "json"],
                         capture_output=True, text=True)
    report = json.loads(run.stdout)
    totals = dict(roots=0, failed=0, instances=0, modelled=0, checked=0, listed=0)
    for env in report["summary"]["environments"]:
        totals["roots"] += 1
        totals["failed"] += 1 if env.get("failed") else 0
        for r in env.get("resources", []):
            if not r["azure"]:
                continue
            totals["instances"] += 1
            totals["modelled"] += r["modelled"]
            totals["checked"] += r["rule_evaluations"] > 0
            totals["listed"] += not r["modelled"]
    return totals


def main():
    binary, repos = sys.argv[1], sys.argv[2:]
    print(f"{'repository':45} roots failed instances modelled checked listed")
    for repo in repos:
        t = measure(binary, repo)
        print(f"{os.path.basename(repo.rstrip('/')):45} {t['roots']:5} {t['failed']:6} {t['instances']:9} "
              f"{t['modelled']:8} {t['checked']:7} {t['listed']:6}")


if __name__ == "__main__":
    main()
