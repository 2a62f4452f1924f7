#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
dotnet build Hawser.slnx -c Release --nologo -v quiet 2>&1 | tee "$log" | grep -E "error|Warn" || true
if grep -q "Build FAILED" "$log"; then echo "0 passed, 1 failed"; exit 1; fi
# The CLI's tests run the executable users run: the NativeAOT build of scripts/install.sh (HAWSER_TEST_CLI). The other
# projects run Hawser in-process under the JIT.
if ! scripts/install.sh; then echo "0 passed, 1 failed"; exit 1; fi
HAWSER_TEST_CLI="$PWD/.hawser/bin/hawser" dotnet test Hawser.slnx -c Release --no-build --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Passed: *([0-9]+).*/\1/' | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+),.*/\1/' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
