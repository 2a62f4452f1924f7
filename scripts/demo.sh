#!/usr/bin/env bash
# The README's main job: build Hawser and run it on the example config repo (examples/config-repo).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Hawser.Cli -c Release --nologo -v quiet >/dev/null
hawser() { dotnet "src/Hawser.Cli/bin/Release/net10.0/hawser.dll" "$@"; }
hawser version
