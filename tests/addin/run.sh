#!/usr/bin/env bash
# Add-in checks: installs the pinned npm packages of addin/ and tests/addin/ (npm ci only when a package-lock.json
# changed), type-checks (tsc, strict), lints (office-addin-lint check), builds addin/dist (the bundle the bot serves
# under /addin/) and the pure modules for the tests, then runs the node tests: the mention planner without Office,
# and the task pane in headless Chromium (Debian chromium, $TB_CHROMIUM or /usr/bin/chromium) against an office.js
# stand-in. Prints `addin: N passed, M failed` last; exits non-zero on any failure. Usage: tests/addin/run.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
addin="$here/../../addin"

summary() { echo "addin: $1 passed, $2 failed"; }

# npm ci wipes node_modules; skip it when the installed tree already matches the lock file.
install() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.tutorbot-lock" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.tutorbot-lock"; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || return 1
    cp "$dir/package-lock.json" "$dir/node_modules/.tutorbot-lock"
  fi
}
if ! install "$addin" || ! install "$here"; then
  echo "npm ci failed" >&2
  summary 0 1
  exit 1
fi

checks_passed=0
checks_failed=0
check() { # check <name> <command...>: one counted check
  local name=$1
  shift
  echo "== addin: $name"
  if "$@"; then checks_passed=$((checks_passed + 1)); else checks_failed=$((checks_failed + 1)); echo "addin: $name FAILED" >&2; fi
}
check "typecheck (tsc --noEmit, strict)" bash -c "cd '$addin' && npx --no-install tsc -p . --noEmit"
check "office-addin-lint check" bash -c "cd '$addin' && npx --no-install office-addin-lint check --files 'src/**/*.ts'"
check "build (esbuild)" bash -c "cd '$addin' && node build.mjs --modules '$here/.build'"
if [ ! -f "$addin/dist/taskpane.js" ] || [ ! -f "$here/.build/mentions.mjs" ]; then
  summary "$checks_passed" "$((checks_failed + 1))"
  exit 1
fi

tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
cd "$here" || exit 1
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  mentions.test.mjs dist.test.mjs pane.test.mjs
status=$?

passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)
passed=${passed:-0}
failed=${failed:-0}
# A crash outside any test (or no test at all) still counts as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
summary "$((passed + checks_passed))" "$((failed + checks_failed))"
[ "$((failed + checks_failed))" -eq 0 ]
