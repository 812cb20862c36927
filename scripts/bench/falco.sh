#!/usr/bin/env bash
# Falco serving against nginx serving the same bytes as static files at the same URLs: a driver
# GET at falcoctl's URL (MB/s), the falcoctl index (requests/s; Ferry rewrites it, from a cache)
# and a driver miss (404 requests/s; Ferry also records it in the wanted list and the metric).
# The servers take turns for ROUNDS rounds and each keeps its best, so a burst of load from
# something else on the machine does not decide a ratio.
# Usage: FERRY_JAR=target/ferry.jar scripts/bench/falco.sh [seconds-per-run] [rounds]
source "$(dirname "$0")/../e2e/lib/common.sh"
need wrk nginx curl python3 sha256sum
SECONDS_PER_RUN="${1:-5}"
ROUNDS="${2:-3}"
DRIVER_MB="${BENCH_DRIVER_MB:-4}"
chmod 755 "$WORK" # nginx workers read the static copy

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { local i; for i in $(seq 1 100); do curl -fsS -o /dev/null "$1" && return 0; sleep 0.1; done; fail "$1 did not answer"; }

V="7.0.0+driver"
FILE="falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko"
MISS="falco_ubuntu-generic_5.15.0-91-generic_101~20.04.1.ko"
DRIVER_URL="/driver/7.0.0%2Bdriver/x86_64/$FILE" # falcoctl's form
MISS_URL="/driver/7.0.0%2Bdriver/x86_64/$MISS"
INDEX_URL="/falcoctl/index.yaml"

step "a ${DRIVER_MB} MiB driver and a 30-entry index"
T="$WORK/tree"
mkdir -p "$T/driver/$V/x86_64"
head -c $((DRIVER_MB << 20)) /dev/urandom > "$T/driver/$V/x86_64/$FILE"
checksum_tree "$T"
for i in $(seq 1 30); do
  printf -- '- name: plugin-%s\n  type: plugin\n  registry: ghcr.io\n  repository: falcosecurity/plugins/plugin/plugin-%s\n' "$i" "$i"
  printf '  description: A plugin for the benchmark\n  keywords:\n    - audit\n  license: apache-2.0\n'
done > "$WORK/index.yaml"

step "Ferry"
ferry import --create --store "$WORK/store" "$T" >/dev/null
ferry import --create --store "$WORK/store" --prefix falcoctl "$WORK/index.yaml" >/dev/null
start_server "$WORK/store"
FERRY_BASE="$BASE"

step "nginx $(nginx -v 2>&1 | cut -d/ -f2) serving the same files"
NPORT="$(free_port)"
mkdir -p "$WORK/static/falcoctl" "$WORK/nginx"
cp -r "$T/driver" "$WORK/static/"
curl -fsS "$FERRY_BASE$INDEX_URL" > "$WORK/static/falcoctl/index.yaml" # the bytes Ferry serves
chmod -R a+rX "$WORK/static"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  default_type application/octet-stream;
  server { listen 127.0.0.1:$NPORT; root $WORK/static; }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
E2E_PIDS+=("$!")
NGINX_BASE="http://127.0.0.1:$NPORT"
wait_http "$NGINX_BASE$DRIVER_URL"
for b in "$FERRY_BASE" "$NGINX_BASE"; do
  curl -fsS "$b$DRIVER_URL" | cmp - "$T/driver/$V/x86_64/$FILE" || fail "$b serves other driver bytes"
  curl -fsS "$b$INDEX_URL" | cmp - "$WORK/static/falcoctl/index.yaml" || fail "$b serves another index"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$b$MISS_URL")" == 404 ]] || fail "$b: the miss is not a 404"
done

# wrk URL CONNECTIONS → "requests/s MB/s"
measure() {
  local out rps tps
  out="$(wrk -t2 -c"$2" -d"${SECONDS_PER_RUN}s" "$1")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  tps="$(awk '/^Transfer\/sec/ {print $2}' <<<"$out")"
  awk -v r="$rps" -v t="$tps" 'BEGIN { u = substr(t, length(t)-1); v = substr(t, 1, length(t)-2) + 0;
    m = (u == "GB") ? v * 1024 : (u == "MB") ? v : (u == "KB") ? v / 1024 : v / 1048576; printf "%.0f %.1f\n", r, m }'
}

step "warm-up (JIT), then $ROUNDS rounds of ${SECONDS_PER_RUN}s per measurement"
for url in "$DRIVER_URL" "$INDEX_URL" "$MISS_URL"; do wrk -t2 -c16 -d4s "$FERRY_BASE$url" >/dev/null; done
declare -A D I X
max() { awk -v a="${1:-0}" -v b="$2" 'BEGIN { print (b + 0 > a + 0) ? b : a }'; }
for round in $(seq 1 "$ROUNDS"); do
  for who in ferry nginx; do
    [[ "$who" == ferry ]] && base="$FERRY_BASE" || base="$NGINX_BASE"
    D[$who]="$(max "${D[$who]:-}" "$(measure "$base$DRIVER_URL" 8 | cut -d' ' -f2)")"
    I[$who]="$(max "${I[$who]:-}" "$(measure "$base$INDEX_URL" 32 | cut -d' ' -f1)")"
    X[$who]="$(max "${X[$who]:-}" "$(measure "$base$MISS_URL" 32 | cut -d' ' -f1)")"
  done
  echo "round $round: driver ${D[ferry]}/${D[nginx]} MB/s, index ${I[ferry]}/${I[nginx]} req/s, miss ${X[ferry]}/${X[nginx]} req/s (ferry/nginx, best so far)"
done
wanted="$(curl -fsS "$FERRY_BASE/api/v1/wanted" | jq '.wanted[0].requests')"
[[ "$wanted" -gt 1000 ]] || fail "the misses were not all recorded ($wanted)"

step "results: best of $ROUNDS (${SECONDS_PER_RUN}s each; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); wrk -t2, driver -c8, index and miss -c32)"
printf '%-8s %14s %14s %14s\n' server "driver MB/s" "index req/s" "miss req/s"
for who in ferry nginx; do printf '%-8s %14s %14s %14s\n' "$who" "${D[$who]}" "${I[$who]}" "${X[$who]}"; done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "ferry / nginx: driver $(ratio "${D[ferry]}" "${D[nginx]}")x  index $(ratio "${I[ferry]}" "${I[nginx]}")x  miss $(ratio "${X[ferry]}" "${X[nginx]}")x"
echo "misses recorded in the wanted list: $wanted"
