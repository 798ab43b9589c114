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

# The local compose window (/demo/compose) needs the built bot: on a free port, Development, local sign-in, the demo
# roster, against Azurite ($TUTORBOT_TEST_STORAGE, default the emulator's default ports) in a table prefix of its own.
# shellcheck source=scripts/services.sh
source "$here/../../scripts/services.sh"
tap="$(mktemp)"
trap 'rm -f "$tap"; tb_stop_all' EXIT
trap 'exit 130' INT TERM
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
coordinator_login="coordination@passeport-avenir.example"
bot_url=""
if tb_start_bot "$port" Storage__ConnectionString="${TUTORBOT_TEST_STORAGE:-UseDevelopmentStorage=true}" \
  Storage__TablePrefix="e2eaddin$(date +%s)" Roster__LocalSignIn=true Roster__Coordinators__0="$coordinator_login" \
  Demo__RosterFile=Features/Roster/demo-roster.csv Delivery__Enabled=false; then
  bot_url="http://127.0.0.1:$port"
else
  checks_failed=$((checks_failed + 1))
  echo "addin: the bot did not start; the compose window tests are skipped" >&2
fi
cd "$here" || exit 1
BOT_URL="$bot_url" COORDINATOR_LOGIN="$coordinator_login" node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  mentions.test.mjs sendcheck.test.mjs dist.test.mjs pane.test.mjs batrequest.test.mjs compose.test.mjs
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
