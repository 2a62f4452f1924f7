#!/usr/bin/env bash
# Builds the hawser CLI as users run it into .hawser/bin/hawser: a NativeAOT executable (machine code, no JIT compiler, so
# commands start at once and the server stays small; the linker is clang, which scripts/setup.sh installs). demo.sh and
# bench.sh call it; it is quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
linker=$(command -v clang || command -v clang-14 || true)
if [ -z "$linker" ]; then echo "install.sh: clang is missing (NativeAOT links with it): run scripts/setup.sh" >&2; exit 1; fi
if ! out=$(dotnet publish src/Hawser.Cli -c Release --use-current-runtime -p:CppCompilerAndLinker="$linker" \
  -o .hawser/bin --nologo -v quiet 2>&1); then
  printf '%s\n' "$out" | grep -E 'error|rror\(s\)' >&2 || printf '%s\n' "$out" >&2
  exit 1
fi
