#!/usr/bin/env bash
# The code style of .editorconfig (STYLE.md's conventions): `dotnet format --verify-no-changes` over the solution, after
# the test run's one build (no restore). Fix a failure with `dotnet format TutorBot.sln`. Last line: "format: N passed, M failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if dotnet format TutorBot.sln --verify-no-changes --no-restore -v q; then
  echo "format: 1 passed, 0 failed"
else
  echo "format: 0 passed, 1 failed"
  exit 1
fi
