#!/usr/bin/env bash
# The README's main job: start the sandbox (a local Kubernetes-API-compatible server) and sync the example config repo
# (examples/config-repo) into it with Hawser: the root app-of-apps registers the child apps and syncs the automated ones
# (Helm with per-env values, Kustomize, sync waves with a PreSync hook); the manual ones (a plain directory, a CRD with its
# custom resources) are then synced by name. Finally it prints every app's status and how to look with kubectl.
# State lives in ./.hawser (delete it to start over); the sandbox keeps running until 'scripts/demo.sh stop'.
set -euo pipefail
cd "$(dirname "$0")/.."
export HAWSER_DATA_DIR="$PWD/.hawser/data" HAWSER_SANDBOX_DIR="$PWD/.hawser/sandbox"
dotnet build src/Hawser.Cli -c Release --nologo -v quiet >/dev/null
hawser() { dotnet "src/Hawser.Cli/bin/Release/net10.0/hawser.dll" "$@"; }
if [ "${1:-}" = stop ]; then hawser sandbox stop; exit 0; fi

repo_url=https://github.com/hawser-dev/config-repo.git      # the example apps' repoURL, read from this checkout
# The example overlay loads a shared transformer outside its directory: the operator allows that build option (loading stays inside the repo).
target=(--sandbox --repo-override "$repo_url=examples/config-repo" --allow-kustomize-build-option "--load-restrictor LoadRestrictionsNone")

echo "== starting the sandbox"
kubeconfig=$(hawser sandbox start)
echo "kubeconfig: $kubeconfig"
echo
echo "== hawser app sync -f examples/config-repo/apps/root.yaml (app of apps; automated children sync along)"
hawser app sync -f examples/config-repo/apps/root.yaml "${target[@]}"
for app in plain widgets; do
  echo
  echo "== hawser app sync $app (a manual child app, synced by name)"
  hawser app sync "$app" "${target[@]}"
done
echo
echo "== status"
hawser app get -f examples/config-repo/apps/root.yaml "${target[@]}" | sed -n '/^CHILD /,$p'
for app in guestbook shop plain waves widgets; do
  echo
  hawser app get "$app" "${target[@]}"
done
cat <<MSG

== look with kubectl
  export KUBECONFIG=$kubeconfig
  kubectl get deployments,services,configmaps -A
  kubectl get widgets -n widgets
Try a change: edit examples/config-repo/charts/guestbook/values.prod.yaml, then
  HAWSER_DATA_DIR=$HAWSER_DATA_DIR HAWSER_SANDBOX_DIR=$HAWSER_SANDBOX_DIR dotnet src/Hawser.Cli/bin/Release/net10.0/hawser.dll app diff guestbook ${target[*]}
Stop the sandbox with: scripts/demo.sh stop
MSG
