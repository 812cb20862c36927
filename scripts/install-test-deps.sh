#!/usr/bin/env bash
# Installs the Debian packages the test suite drives as real clients and peers. Idempotent:
# packages already present are not fetched again, and apt-get update runs only when needed.
set -euo pipefail

PACKAGES=(
  curl jq            # HTTP client with the exact client URL forms; JSON checks
  python3-yaml       # an independent YAML parser for served falcoctl indexes
  gnupg              # real gpg for signature interop
  zip                # builds plugin zips as upstream does
  skopeo             # real OCI client
  prometheus         # promtool and a real Prometheus server
  chromium           # headless browser for the catalog page
  zstd openssl       # bundle compression and reference hashing
  systemd            # systemd-analyze verify/security for deploy/systemd
  docker-registry    # upstream OCI registry with token auth for the download tests
  nginx-light        # upstream file server over TLS for the download tests
  squid              # HTTPS proxy for the download tests
  containerd         # real containerd (and ctr) pulling through Ferry as a registry mirror
)

missing=()
for p in "${PACKAGES[@]}"; do
  [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "test dependencies present"
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
if [[ $(id -u) != 0 ]]; then
  command -v sudo >/dev/null || { echo "run as root or install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
