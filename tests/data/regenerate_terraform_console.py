#!/usr/bin/env python3
"""Regenerate terraform_console.json from Terraform itself.

Usage: python3 tests/data/regenerate_terraform_console.py [NEW_EXPRESSIONS_FILE]

Runs `terraform console` (any Terraform 1.x on PATH; no providers or network needed) on
`jsonencode(EXPR)` for every expression already in terraform_console.json plus one expression per
line of NEW_EXPRESSIONS_FILE, and rewrites the file: "jsonencode" holds Terraform's output string,
"error" marks expressions Terraform rejects. "known_difference" markers are kept.
CI never runs this; tests/terraform_parity.rs compares tfharden against the stored answers.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "terraform_console.json")


def main():
    cases = json.load(open(PATH, encoding="utf-8"))
    known = {c["expr"]: c.get("known_difference") for c in cases}
    exprs = [c["expr"] for c in cases]
    if len(sys.argv) > 1:
        exprs += [line.rstrip("\n") for line in open(sys.argv[1], encoding="utf-8") if line.strip() and line.rstrip("\n") not in known]
    env = dict(os.environ, TF_CLI_CONFIG_FILE=os.devnull)
    out = []
    with tempfile.TemporaryDirectory() as work:
        for expr in exprs:
            run = subprocess.run(["terraform", "console"], input=f"jsonencode({expr})\n", capture_output=True,
                                 text=True, timeout=60, cwd=work, env=env)
            text = run.stdout.strip()
            case = {"expr": expr}
            if run.returncode == 0 and text.startswith('"'):
                case["jsonencode"] = json.loads(text)
            else:
                case["error"] = True
            if known.get(expr):
                case["known_difference"] = known[expr]
            out.append(case)
    with open(PATH, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
    print(f"{len(out)} expressions written to {PATH}")


if __name__ == "__main__":
    main()
