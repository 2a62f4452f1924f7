#!/usr/bin/env bash
# Builds the hawser CLI as users run it into .hawser/bin/hawser: framework-dependent, ReadyToRun (precompiled, so a command
# starts without JIT-compiling Hawser first). demo.sh and bench.sh call it; it is quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/Hawser.Cli -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o .hawser/bin --nologo -v quiet >/dev/null
