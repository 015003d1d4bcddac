#!/usr/bin/env bash
# Runs the `tfharden` pre-commit hook (language: rust) the way a new user meets it, with
# `pre-commit try-repo`, in a scratch repository holding a copy of this repository's reference
# platform (environments/, modules/, policies/), and checks that it
#   1. passes the platform as it is (exit 0), and
#   2. blocks a weakened change: purge protection turned off in modules/key_vault (KV001).
# pre-commit clones the hook repository and builds tfharden with cargo (crates.io) the first
# time; the script prints how long each run took (the first includes that build).
#
# Usage: docs/measure/pre_commit_try_repo.sh [HOOK_REPO]   (default: this repository)
#   PRE_COMMIT=/path/to/pre-commit to choose the pre-commit executable.
# Exit: 0 when both runs end as expected, 1 otherwise.
set -euo pipefail

here="$(cd "$(dirname "$0")/../.." && pwd)"
hook_repo="${1:-$here}"
pre_commit="${PRE_COMMIT:-pre-commit}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cd "$scratch"
git init -q
git config user.email "measure@example.com"
git config user.name "measure"
for dir in environments modules policies; do
  cp -R "$here/$dir" "$scratch/$dir"
done
git add -A
git commit -q -m "the reference platform"

run() {
  local started ended
  started=$(date +%s.%N)
  set +e
  "$pre_commit" try-repo "$hook_repo" tfharden --all-files --verbose > "$scratch/$1.log" 2>&1
  code=$?
  set -e
  ended=$(date +%s.%N)
  seconds=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')
  echo "$1: pre-commit try-repo exited $code in ${seconds}s"
}

failed=0
run clean
if [ "$code" -ne 0 ]; then
  echo "FAIL: the unchanged platform should pass"; tail -40 "$scratch/clean.log"; failed=1
fi

sed -i.bak 's/purge_protection_enabled      = true/purge_protection_enabled      = false/' modules/key_vault/main.tf
rm modules/key_vault/main.tf.bak
grep -q "purge_protection_enabled      = false" modules/key_vault/main.tf
git add -A

run weakened
if [ "$code" -eq 0 ]; then
  echo "FAIL: the weakened key vault was not blocked"; tail -40 "$scratch/weakened.log"; failed=1
elif ! grep -q "KV001" "$scratch/weakened.log"; then
  echo "FAIL: blocked, but not by KV001"; tail -40 "$scratch/weakened.log"; failed=1
else
  echo "blocked by KV001:"
  grep -m 3 -i "purge" "$scratch/weakened.log" | sed "s/^/  /"
fi
exit "$failed"
