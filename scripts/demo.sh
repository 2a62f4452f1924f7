#!/usr/bin/env bash
# The README's main job: GitOps on this machine. It starts the sandbox (a local Kubernetes-API-compatible server) and
# `hawser server` on a real local Git repository made from examples/config-repo, which the server then keeps in sync with
# the sandbox, continuously: the root app-of-apps registers the child apps, the automated ones sync by themselves (Helm
# with per-env values, Kustomize, sync waves with a PreSync hook), the manual ones (a plain directory, a CRD with its
# custom resources) are synced by asking the server. It prints every app's status and how to try the loop: commit a
# change, edit an object with kubectl.
# State lives in ./.hawser (delete it to start over). 'scripts/demo.sh stop' stops the server and the sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export HAWSER_DATA_DIR="$root/.hawser/data" HAWSER_SANDBOX_DIR="$root/.hawser/sandbox"
listen=${HAWSER_DEMO_LISTEN:-127.0.0.1:8080}
scripts/install.sh
hawser() { "$root/.hawser/bin/hawser" "$@"; }

stop_server() {
  if [ -f "$HAWSER_DATA_DIR/server.json" ]; then
    pid=$(sed -E 's/.*"pid":([0-9]+).*/\1/' "$HAWSER_DATA_DIR/server.json")
    if kill -TERM "$pid" 2>/dev/null; then
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      echo "server stopped"
    fi
  fi
}
if [ "${1:-}" = stop ]; then stop_server; hawser sandbox stop; exit 0; fi

# The config repo: a real Git repository (not a directory override), whose apps point at it by URL.
repo="$root/.hawser/config-repo"
if [ ! -d "$repo/.git" ]; then
  echo "== creating the config repo $repo from examples/config-repo"
  mkdir -p "$repo" && cp -r examples/config-repo/. "$repo/"
  grep -rl "https://github.com/hawser-dev/config-repo.git" "$repo" | xargs sed -i "s#https://github.com/hawser-dev/config-repo.git#file://$repo#"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c user.name="Hawser demo" -c user.email=demo@hawser.invalid commit -q -m "example config repo"
fi

echo "== starting the sandbox"
kubeconfig=$(hawser sandbox start)
echo "kubeconfig: $kubeconfig"

echo "== starting hawser server (polls the repo every 15 s; log: .hawser/server.log)"
stop_server
mkdir -p "$HAWSER_DATA_DIR"
nohup "$root/.hawser/bin/hawser" server --root "$repo/apps/root.yaml" --sandbox \
  --allow-kustomize-build-option "--load-restrictor LoadRestrictionsNone" \
  --listen "$listen" --reconcile-interval 00:00:15 > "$root/.hawser/server.log" 2>&1 &
for _ in $(seq 120); do
  curl -fs "http://$listen/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://$listen/readyz" >/dev/null || { echo "the server did not become ready; see .hawser/server.log"; exit 1; }

echo "== waiting for the automated apps (guestbook, shop, waves)"
for app in guestbook shop waves; do hawser app wait "$app" --timeout 00:02:00 >/dev/null || true; done
for app in plain widgets; do
  echo
  echo "== hawser app sync $app (a manual app, synced by asking the server)"
  hawser app sync "$app" || true
done
echo
echo "== hawser app list"
hawser app list
cat <<MSG

== the server
  web UI:   http://$listen/   (log in as admin with the password below)
  API:      http://$listen/api/v1/applications   (health: http://$listen/healthz, /readyz)
  login:    user admin, password in $HAWSER_DATA_DIR/initial-admin-password
            (POST /api/v1/session {"username":"admin","password":"..."} returns a token for 'Authorization: Bearer TOKEN');
            the hawser CLI on this machine needs no login (HAWSER_DATA_DIR=$HAWSER_DATA_DIR)
  log:      .hawser/server.log

== try the loop
  export HAWSER_DATA_DIR=$HAWSER_DATA_DIR KUBECONFIG=$kubeconfig
  alias hawser=$root/.hawser/bin/hawser
  # 1. commit a change: it arrives within 15 s (or at once after 'hawser app refresh guestbook')
  sed -i 's/replicaCount: .*/replicaCount: 2/' $repo/charts/guestbook/values.prod.yaml
  git -C $repo commit -qam "guestbook: 2 replicas" && hawser app refresh guestbook
  kubectl -n guestbook get deploy guestbook
  # 2. edit an object by hand: selfHeal puts it back within seconds
  kubectl -n guestbook scale deploy guestbook --replicas=5; sleep 3; kubectl -n guestbook get deploy guestbook
  # 3. look around
  hawser app get guestbook; kubectl get deployments,services,configmaps -A

Stop everything with: scripts/demo.sh stop
MSG
