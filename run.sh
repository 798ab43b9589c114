#!/usr/bin/env bash
# Runs TutorBot locally: Azurite (data kept in .data/azurite), the bot on 127.0.0.1:3978 with the demo programme,
# and the Microsoft 365 Agents Playground on http://127.0.0.1:56150. Ctrl-C (or SIGTERM) stops everything.
# Needs no TTY and reads no input. Running it again first stops what an earlier run left behind.
# Other ports: BOT_PORT, PLAYGROUND_PORT, AZURITE_PORT (blob; queue and table follow).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/services.sh
source scripts/services.sh

BOT_PORT="${BOT_PORT:-3978}"
PLAYGROUND_PORT="${PLAYGROUND_PORT:-56150}"
AZURITE_PORT="${AZURITE_PORT:-10000}"   # blob; queue and table are the next two ports

trap 'tb_stop_all' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

tb_install
tb_start_azurite "$TB_DATA/azurite" "$AZURITE_PORT"
if [[ "$AZURITE_PORT" == 10000 ]]; then
  tb_start_bot "$BOT_PORT"
else
  tb_start_bot "$BOT_PORT" Storage__ConnectionString="$(tb_storage_connection_string "$AZURITE_PORT")"
fi
tb_start_playground "$PLAYGROUND_PORT" "$BOT_PORT"

echo "TutorBot is running: open http://127.0.0.1:$PLAYGROUND_PORT — you are the tutor Claire Martin; type \"séance\" to propose a session to your student Yasmine Benali (logs in .data/logs, Ctrl-C to stop)."

# Wait until interrupted, or until a service dies (then stop the others and fail).
while tb_alive; do
  sleep 1
done
exit 1
