#!/usr/bin/env bash
# Runs every test of TutorBot on a fresh machine: installs what it needs (the pinned npm tools, NuGet packages, the
# Bicep CLI, and Debian chromium just before the browser tests), builds the solution once, starts Azurite, the bot and
# the Agents Playground on loopback, runs the .NET tests, the code-style check, the manifest and infra checks and the
# end-to-end tests in headless Chromium, then stops what it started.
# Exits non-zero when any suite fails. Idempotent; needs no stdin.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export TB_DATA="$root/.data/test"
export TB_LOGS="$TB_DATA/logs"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# shellcheck source=scripts/services.sh
source scripts/services.sh
trap tb_stop_all EXIT INT TERM

passed=0
failed=0
suites_failed=()
count() { passed=$((passed + ${1:-0})); failed=$((failed + ${2:-0})); }

echo "== install"
# One build of the whole solution (bot, tests, bench): the bot started below for the browser tests is this build.
tb_install "$root/TutorBot.sln" || { echo "install or build failed"; exit 1; }

echo "== Azurite (in memory)"
rm -rf "$TB_DATA/azurite"
tb_start_azurite :memory: || exit 1

echo "== .NET tests (MSTest: protocol, auth, resilience, storage, cards, tutoring)"
log="$TB_LOGS/dotnet-test.log"
dotnet test tests/TutorBot.Tests --no-build -nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
summary=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n 1)
count "$(echo "$summary" | grep -Eo 'Passed: +[0-9]+' | grep -Eo '[0-9]+')" "$(echo "$summary" | grep -Eo 'Failed: +[0-9]+' | grep -Eo '[0-9]+')"
[ "$rc" = 0 ] && [ -n "$summary" ] || { suites_failed+=(dotnet); [ -n "$summary" ] || count 0 1; }

run_suite() { # run_suite <name> <script>: the script's last line is "<name>: N passed, M failed"
  local name=$1 script=$2 out rc line
  echo "== $name"
  out="$TB_LOGS/$name.log"
  bash "$script" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$out" | tail -n 1)
  if [ -n "$line" ]; then
    count "$(echo "$line" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')" "$(echo "$line" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')"
  fi
  if [ "$rc" != 0 ] || [ -z "$line" ]; then suites_failed+=("$name"); [ -n "$line" ] || count 0 1; fi
}

run_suite format tests/format/run.sh
run_suite manifest tests/manifest/run.sh
run_suite infra tests/infra/run.sh

echo "== end to end: headless Chromium in the Agents Playground"
tb_install_chromium || { suites_failed+=(chromium); count 0 1; }
run_suite addin tests/addin/run.sh
run_suite coordinator tests/coordinator/run.sh
bot_port=3988 pg_port=56160
# The outbox is polled every second so the tutoring cycle's reminder arrives while the test waits. The people are the
# demo roster's, imported at start (the Playground's users are its rows); the coordinator acts on the API through the
# local sign-in.
if tb_start_bot "$bot_port" Delivery__PollInterval=00:00:01 Demo__RosterFile=Features/Roster/demo-roster.csv \
     Roster__LocalSignIn=true Roster__Coordinators__0=ines.morel@passeport-avenir.example &&
   tb_start_playground "$pg_port" "$bot_port"; then
  BOT_URL="http://127.0.0.1:$bot_port" PLAYGROUND_URL="http://127.0.0.1:$pg_port" run_suite e2e tests/e2e/run.sh
else
  suites_failed+=(e2e-start); count 0 1
fi

echo
if [ ${#suites_failed[@]} -gt 0 ]; then
  echo "failed suites: ${suites_failed[*]}"
fi
echo "all: $passed passed, $failed failed"
[ ${#suites_failed[@]} -eq 0 ] && [ "$failed" -eq 0 ]
