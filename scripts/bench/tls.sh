#!/usr/bin/env bash
# What HTTPS costs a large download: the same file from the same `ferry serve`, over the plain
# listener (kernel sendfile) and over the HTTPS listener (TLS 1.3, no zero-copy), with curl.
# Usage: FERRY_JAR=target/ferry.jar scripts/bench/tls.sh [MiB] [rounds]
source "$(dirname "$0")/../e2e/lib/common.sh"
need curl openssl
MIB="${1:-512}"; ROUNDS="${2:-5}"

ferry tls init --out "$WORK/pki" --dns localhost >/dev/null
mkdir -p "$WORK/tree" && head -c "$((MIB << 20))" /dev/urandom > "$WORK/tree/big.bin" && checksum_tree "$WORK/tree"
ferry import --create --store "$WORK/store" "$WORK/tree" >/dev/null
start_server "$WORK/store" --tls-cert "$WORK/pki/server.crt" --tls-key "$WORK/pki/server.key" --tls-port 0

best() { # best URL CURL-ARGS... : fastest of ROUNDS downloads, in seconds
  local url="$1"; shift
  local b=999999 t i
  for i in $(seq 1 "$ROUNDS"); do
    t="$(curl -fsS -o /dev/null -w '%{time_total}' "$@" "$url")"
    b="$(awk -v a="$b" -v c="$t" 'BEGIN { print (c < a) ? c : a }')"
  done
  echo "$b"
}
plain="$(best "$BASE/big.bin")"
tls="$(best "https://localhost:$HTTPS_PORT/big.bin" --cacert "$WORK/pki/ca.crt")"
awk -v m="$MIB" -v p="$plain" -v t="$tls" 'BEGIN {
  printf "plain HTTP: %.2f s (%.0f MiB/s)\nHTTPS:      %.2f s (%.0f MiB/s)\nratio HTTPS/plain: %.2f\n", p, m / p, t, m / t, t / p }'
