#!/usr/bin/env bash
# Infra checks: restores the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64 0.49.2, into .tools/),
# builds and lints every infra/**/*.bicep with no warning allowed, then checks the compiled ARM JSON, the azd
# parameters file and azure.yaml (check-arm.mjs), and proves the checker can fail (--self-test).
# Prints `infra: N passed, M failed` last; exits non-zero on any failure. Usage: tests/infra/run.sh
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL $1"
  if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/    /'; fi
  failed=$((failed + 1))
}
finish() {
  echo "infra: $passed passed, $failed failed"
  if [ "$failed" -eq 0 ]; then exit 0; else exit 1; fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# 1. The Bicep CLI, restored from NuGet (restore-only project, not part of TutorBot.sln).
bicep="$here/.tools/pkgs/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep"
if out=$(dotnet restore "$here/bicep-cli.csproj" --packages "$here/.tools/pkgs" \
      "-p:MSBuildProjectExtensionsPath=$here/.tools/obj/" 2>&1) && [ -f "$bicep" ]; then
  chmod u+x "$bicep"
  pass "restore Bicep CLI ($("$bicep" --version 2>&1))"
else
  fail "restore Bicep CLI" "$out"
  finish
fi

# 2. Build and lint every Bicep file: no diagnostic at all (bicepconfig.json raises the linter rules to error;
#    compiler warnings such as BCP081 stay warnings, hence the text check). One bicep process per command over
#    a copy of infra/ (--pattern writes each .json next to its .bicep), diagnostics attributed to their file.
cp -r "$repo/infra" "$tmp/infra"
mapfile -t files < <(cd "$tmp" && find infra -name '*.bicep' | sort)
if [ "${#files[@]}" -eq 0 ]; then fail "find infra/**/*.bicep" "no Bicep file found"; fi
for cmd in build lint; do
  out=$(cd "$tmp" && "$bicep" "$cmd" --pattern 'infra/**/*.bicep' 2>&1)
  status=$?
  out=${out//"$tmp/"/}
  attributed=0
  for f in "${files[@]}"; do
    diags=$(grep -F "$f(" <<<"$out" | sort -u)
    if [ -n "$diags" ]; then
      fail "bicep $cmd $f" "$diags"
      attributed=1
    elif [ "$cmd" = build ] && [ ! -f "$tmp/${f%.bicep}.json" ]; then
      fail "bicep build $f" "no ${f%.bicep}.json written"
      attributed=1
    else
      pass "bicep $cmd $f"
    fi
  done
  if [ "$attributed" -eq 0 ] && { [ "$status" -ne 0 ] || grep -qiE 'warning|error' <<<"$out"; }; then
    fail "bicep $cmd (exit $status)" "$out"
  fi
done

# 3. The compiled template, main.parameters.json and azure.yaml; then the checker's own negative test.
run_checker() {
  local label="$1"
  shift
  local out status line
  out=$(node "$here/check-arm.mjs" "$@" 2>&1)
  status=$?
  while IFS= read -r line; do
    case "$line" in
      PASS\ *) pass "$label${line#PASS }" ;;
      FAIL\ *) fail "$label${line#FAIL }" ;;
      *) [ -n "$line" ] && echo "    $line" ;;
    esac
  done <<<"$out"
  if [ "$status" -ne 0 ] && ! grep -q '^FAIL ' <<<"$out"; then fail "${label}check-arm.mjs exited $status" "$out"; fi
}
main_json="$tmp/infra/main.json"
if [ -f "$main_json" ]; then
  run_checker "arm: " "$main_json"
  run_checker "" --self-test "$main_json"
else
  fail "arm: compiled infra/main.json exists" "bicep build infra/main.bicep produced nothing"
fi

finish
