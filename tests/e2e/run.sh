#!/usr/bin/env bash
# Runs the end-to-end tests against services that are already running: Azurite, the bot and the Playground,
# e.g. started by sourcing scripts/services.sh (tb_install; tb_start_azurite; tb_start_bot; tb_start_playground).
# Env: BOT_URL (default http://127.0.0.1:3978), PLAYGROUND_URL (default http://127.0.0.1:56150).
# Screenshots and the Playground log of a failing step go to .data/e2e/. Exits with node --test's code.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [[ ! -d tools/node_modules/playwright-core ]]; then
  echo "tests/e2e: tools/node_modules is missing: run tb_install from scripts/services.sh (or npm ci --prefix tools)" >&2
  exit 2
fi

node --test --test-reporter=spec tests/e2e/
