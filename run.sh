#!/usr/bin/env bash
# Runs TutorBot locally: Azurite (data kept in .data/azurite), the bot on 127.0.0.1:3978 with the demo programme,
# the coordinator page on http://127.0.0.1:3978/coordinator (local sign-in), and two Microsoft 365 Agents Playgrounds, the tutor's on 56150 and the student's on 56151, shown side by side
# on one page, http://127.0.0.1:3978/demo. Ctrl-C (or SIGTERM) stops everything.
# Needs no TTY and reads no input. Running it again first stops what an earlier run left behind.
# Other ports: BOT_PORT, PLAYGROUND_PORT (the student's is the next one), AZURITE_PORT (blob; queue and table follow).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/services.sh
source scripts/services.sh

BOT_PORT="${BOT_PORT:-3978}"
PLAYGROUND_PORT="${PLAYGROUND_PORT:-56150}"
STUDENT_PORT=$((PLAYGROUND_PORT + 1))
AZURITE_PORT="${AZURITE_PORT:-10000}"   # blob; queue and table are the next two ports

trap 'tb_stop_all' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

tb_install
tb_start_azurite "$TB_DATA/azurite" "$AZURITE_PORT"
# The coordinator page (/coordinator): built from coordinator/, signed in locally as the demo coordinator, with the
# shipped demo roster imported through the page's own import path.
tb_build_coordinator
# The Outlook add-in (/addin/), also shown without Outlook in the local compose window (/demo/compose).
tb_build_addin
demo=(Demo__TutorPlaygroundUrl="http://127.0.0.1:$PLAYGROUND_PORT" Demo__StudentPlaygroundUrl="http://127.0.0.1:$STUDENT_PORT"
      Calendar__PublicBaseUrl="http://127.0.0.1:$BOT_PORT"
      Roster__LocalSignIn=true Roster__Coordinators__0=ines.morel@passeport-avenir.example Demo__RosterFile=Features/Roster/demo-roster.csv)
if [[ "$AZURITE_PORT" == 10000 ]]; then
  tb_start_bot "$BOT_PORT" "${demo[@]}"
else
  tb_start_bot "$BOT_PORT" "${demo[@]}" Storage__ConnectionString="$(tb_storage_connection_string "$AZURITE_PORT")"
fi
tb_start_playground "$PLAYGROUND_PORT" "$BOT_PORT"
tb_start_playground "$STUDENT_PORT" "$BOT_PORT" "$PWD/tools/playground/student/.m365agentsplayground.yml"

echo "TutorBot is running: open http://127.0.0.1:$BOT_PORT/demo — the tutor Claire Martin on the left (type \"séance\"), her student Yasmine Benali on the right (logs in .data/logs, Ctrl-C to stop)."
echo "The coordinator page: http://127.0.0.1:$BOT_PORT/coordinator (pick a demo person: the coordinator ines.morel, a school referent or a company's correspondent)."

# Wait until interrupted, or until a service dies (then stop the others and fail).
while tb_alive; do
  sleep 1
done
exit 1
