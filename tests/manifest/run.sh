#!/usr/bin/env bash
# Manifest checks: installs the pinned npm packages (only when package-lock.json changed), then runs the node
# tests (schema validation, localisation, icons, packer, the Outlook add-in entry and office-addin-manifest validate). Prints `manifest: N passed, M failed` last;
# exits non-zero on any failure. Usage: tests/manifest/run.sh
set -uo pipefail
cd "$(dirname "$0")"

summary() { echo "manifest: $1 passed, $2 failed"; }

# npm ci wipes node_modules; skip it when the installed tree already matches the lock file.
if [ ! -f node_modules/.tutorbot-lock ] || ! cmp -s package-lock.json node_modules/.tutorbot-lock; then
  if ! npm ci --no-audit --no-fund --loglevel=error; then
    echo "npm ci failed" >&2
    summary 0 1
    exit 1
  fi
  cp package-lock.json node_modules/.tutorbot-lock
fi

tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  schema.test.mjs icons.test.mjs pack.test.mjs addin.test.mjs
status=$?

passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)
passed=${passed:-0}
failed=${failed:-0}
# A crash outside any test (or no test at all) still counts as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
summary "$passed" "$failed"
[ "$failed" -eq 0 ]
