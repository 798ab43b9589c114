#!/usr/bin/env bash
# Coordinator page, end to end: installs the pinned npm packages of coordinator/ and tests/coordinator/ (npm ci only
# when a package-lock.json changed), type-checks (tsc, strict) and builds coordinator/dist (the page the bot serves
# under /coordinator), starts the built bot (bot/bin/Debug/net10.0, Development) on a free loopback port with the
# local sign-in, a demo coordinator and the demo roster, against Azurite ($TUTORBOT_TEST_STORAGE, default the emulator's default
# ports, which test.sh starts), in its own table prefix; then drives the page in headless Chromium (Debian chromium,
# $TB_CHROMIUM or /usr/bin/chromium) with axe audits. Screenshots go to $TB_LOGS/coordinator/.
# Prints `coordinator: N passed, M failed` last; exits non-zero on any failure. Usage: tests/coordinator/run.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
page="$root/coordinator"

summary() { echo "coordinator: $1 passed, $2 failed"; }

# npm ci wipes node_modules; skip it when the installed tree already matches the lock file.
install() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.tutorbot-lock" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.tutorbot-lock"; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || return 1
    cp "$dir/package-lock.json" "$dir/node_modules/.tutorbot-lock"
  fi
}
if ! install "$page" || ! install "$here"; then
  echo "npm ci failed" >&2
  summary 0 1
  exit 1
fi

checks_passed=0
checks_failed=0
check() { # check <name> <command...>: one counted check
  local name=$1
  shift
  echo "== coordinator: $name"
  if "$@"; then checks_passed=$((checks_passed + 1)); else checks_failed=$((checks_failed + 1)); echo "coordinator: $name FAILED" >&2; fi
}
check "typecheck (tsc --noEmit, strict)" bash -c "cd '$page' && npx --no-install tsc -p . --noEmit"
check "build (esbuild)" bash -c "cd '$page' && node build.mjs"
if [ ! -f "$page/dist/app.js" ]; then
  summary "$checks_passed" "$((checks_failed + 1))"
  exit 1
fi

# The bot, on a free port, in a table prefix of its own (several runs may share one Azurite).
# shellcheck source=scripts/services.sh
source "$root/scripts/services.sh"
trap tb_stop_all EXIT INT TERM
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
storage="${TUTORBOT_TEST_STORAGE:-UseDevelopmentStorage=true}"
coordinator_login="coordination@passeport-avenir.example"
if ! tb_start_bot "$port" Storage__ConnectionString="$storage" Storage__TablePrefix="e2ecoord$(date +%s)" \
  Roster__LocalSignIn=true Roster__Coordinators__0="$coordinator_login" Roster__ImportWindow=50 \
  Demo__RosterFile=Features/Roster/demo-roster.csv; then
  summary "$checks_passed" "$((checks_failed + 1))"
  exit 1
fi

shots="$TB_LOGS/coordinator"
mkdir -p "$shots"
tap="$(mktemp)"
cd "$here" || exit 1
BOT_URL="http://127.0.0.1:$port" COORDINATOR_LOGIN="$coordinator_login" SHOTS="$shots" \
  node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  page.test.mjs audit.test.mjs pairing.test.mjs bat.test.mjs waves.test.mjs
status=$?

passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)
rm -f "$tap"
passed=${passed:-0}
failed=${failed:-0}
# A crash outside any test (or no test at all) still counts as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
summary "$((passed + checks_passed))" "$((failed + checks_failed))"
[ "$((failed + checks_failed))" -eq 0 ]
