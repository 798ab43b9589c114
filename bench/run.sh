#!/usr/bin/env bash
# Benchmark (by hand, not in CI): TutorBot's invoke and message turns against Azurite on loopback, and the same
# message turn on echo bots built with Microsoft's JavaScript SDKs (botbuilder; the Agents SDK with JWT checks on);
# `waves [recipients]`: a wave sent by two bot processes against the scale connector stand-in. Usage: bench/run.sh [turns [seconds] | <other benchmark> ...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

[ -d tools/node_modules ] || npm ci --prefix tools --no-audit --no-fund
# TUTORBOT_TEST_STORAGE (e.g. an engineer's own Azurite, tb_storage_connection_string) wins over the default ports.
table_port=$(printf '%s' "${TUTORBOT_TEST_STORAGE:-}" | sed -n 's/.*TableEndpoint=http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p')
table_port=${table_port:-10002}
js_port=${BENCH_JS_PORT:-3979}
agents_port=${BENCH_AGENTS_PORT:-3980}
export JS_ECHO_URL="http://127.0.0.1:$js_port/api/messages" AGENTS_ECHO_URL="http://127.0.0.1:$agents_port"
if ! (exec 3<>/dev/tcp/127.0.0.1/$table_port) 2>/dev/null; then
  setsid node tools/node_modules/.bin/azurite --silent --inMemoryPersistence --skipApiVersionCheck \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >/tmp/bench-azurite.log 2>&1 &
  pids+=($!)
fi
# The JavaScript echo bots are the turns benchmark's baseline only.
if [[ "${1:-turns}" == turns || "${1:-}" =~ ^[0-9] ]]; then
  [ bench/js/node_modules/.package-lock.json -nt bench/js/package-lock.json ] || npm ci --prefix bench/js --no-audit --no-fund
  PORT=$js_port setsid node bench/js/echo.js >/tmp/bench-js.log 2>&1 &
  pids+=($!)
  PORT=$agents_port BENCH_TENANT_ID=99999999-8888-7777-6666-555555555555 setsid node bench/js/agents-echo.js >/tmp/bench-agents.log 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$js_port) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/$agents_port) 2>/dev/null && break; sleep 0.2; done
fi
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$table_port) 2>/dev/null && break; sleep 0.2; done
# WebApplicationFactory finds the bot's content root through this variable outside a test project.
export ASPNETCORE_TEST_CONTENTROOT_TUTORBOT_BOT="$root/bot"
dotnet run -c Release --project bench -- "$@"
