#!/usr/bin/env bash
# The README's main job: build Hawser and run it on the example config repo (examples/config-repo).
# Until the sync engine lands this renders every app of the repo (app of apps: apps/root.yaml and the children it renders),
# reading the repo's own URL from this checkout (--repo-override), and prints a summary; the objects go to ./demo-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Hawser.Cli -c Release --nologo -v quiet >/dev/null
hawser() { dotnet "src/Hawser.Cli/bin/Release/net10.0/hawser.dll" "$@"; }
hawser version
repo_url=https://github.com/hawser-dev/config-repo.git
out=demo-output
rm -rf "$out"
echo
echo "== rendering examples/config-repo (root app and every child app)"
hawser render -f examples/config-repo/apps/root.yaml --recursive --summary --repo-override "$repo_url=examples/config-repo"
hawser render -f examples/config-repo/apps/root.yaml --recursive --output-dir "$out" --repo-override "$repo_url=examples/config-repo" 2>/dev/null
echo
echo "== $(ls "$out" | wc -l) objects written to $out/, for example $out/$(ls "$out" | grep _deployment_ | head -1)"
