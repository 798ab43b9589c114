#!/usr/bin/env bash
# Runs the end-to-end tests against services that are already running: Azurite, the bot and the Playground,
# e.g. started by sourcing scripts/services.sh (tb_install; tb_start_azurite; tb_start_bot; tb_start_playground).
# The bot must import the demo roster at start (Demo__RosterFile=Features/Roster/demo-roster.csv: the Playground's users
# are its rows) and take the coordinator's local sign-in (Roster__LocalSignIn=true), as run.sh and test.sh start it.
# Env: BOT_URL (default http://127.0.0.1:3978), PLAYGROUND_URL (default http://127.0.0.1:56150),
#      COORDINATOR_LOGIN (default ines.morel@passeport-avenir.example).
# Screenshots and the Playground log of a failing step go to .data/e2e/. Exits with node --test's code; the last line is "e2e: N passed, M failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [[ ! -d tools/node_modules/playwright-core ]]; then
  echo "tests/e2e: tools/node_modules is missing: run tb_install from scripts/services.sh (or npm ci --prefix tools)" >&2
  exit 2
fi

log=$(mktemp)
# One file at a time: the files act as the same tutor and student in the same Playground chat.
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/ 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
pass=$(grep -Eo '^ℹ pass [0-9]+' "$log" | grep -Eo '[0-9]+' | tail -n 1)
fail=$(grep -Eo '^ℹ fail [0-9]+' "$log" | grep -Eo '[0-9]+' | tail -n 1)
rm -f "$log"
# The summary line test.sh reads.
echo "e2e: ${pass:-0} passed, ${fail:-1} failed"
exit "$rc"
