#!/usr/bin/env bash
# Clones the committed repository into a temporary folder, runs the README's commands there
# (`npm install`, `npm start`, and with --test also `npm test`), checks /healthz, and prints
# how long each took. Usage: scripts/fresh-clone-check.sh [--test] [repo-url-or-path]
set -euo pipefail
run_tests=0
if [ "${1:-}" = "--test" ]; then run_tests=1; shift; fi
src="${1:-$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

git clone -q "$src" "$dir/yikatong"
cd "$dir/yikatong"
echo "== fresh clone of $(git log -1 --format='%h %s') in $dir/yikatong"

t0=$(date +%s)
npm install --no-audit --no-fund
t1=$(date +%s)
echo "npm install: $((t1 - t0)) s"

bash scripts/start-smoke.sh

if [ "$run_tests" = 1 ]; then
  t2=$(date +%s)
  npm test
  echo "npm test: $(( $(date +%s) - t2 )) s"
fi
echo "fresh clone check passed"
