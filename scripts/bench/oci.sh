#!/usr/bin/env bash
# Registry throughput in one run against two references serving the same bytes:
# Debian docker-registry (distribution 2.8, populated with skopeo) and nginx (the manifest and
# the blob as static files). wrk measures manifest requests/s and blob MB/s; the servers take
# turns for ROUNDS rounds and each keeps its best result, so a burst of load from something else
# on the machine does not decide a ratio. Ratios are printed against both references.
# Usage: FERRY_JAR=target/ferry.jar scripts/bench/oci.sh [seconds-per-run] [rounds]
source "$(dirname "$0")/../e2e/lib/common.sh"
source "$(dirname "$0")/../e2e/lib/oci-layouts.sh"
need wrk skopeo nginx docker-registry jq curl python3
SECONDS_PER_RUN="${1:-5}"
ROUNDS="${2:-3}"
BLOB_MB="${BENCH_BLOB_MB:-64}"
chmod 755 "$WORK" # nginx workers read the static copy

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { local i; for i in $(seq 1 100); do curl -fsS -o /dev/null "$1" && return 0; sleep 0.1; done; fail "$1 did not answer"; }

step "an image with a ${BLOB_MB} MiB layer"
L="$WORK/layout"; layout_init "$L"
head -c $((BLOB_MB << 20)) /dev/urandom > "$WORK/layer.bin"
layer="$(jq -c '{mediaType:"application/vnd.oci.image.layer.v1.tar+gzip"} + .' <<<"$(layout_blob "$L" "$WORK/layer.bin")")"
config="$(layout_json "$L" application/vnd.oci.image.config.v1+json '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}')"
manifest="$(layout_json "$L" "$OCI_MANIFEST" "$(jq -n --arg t "$OCI_MANIFEST" --argjson c "$config" --argjson l "$layer" '{schemaVersion:2,mediaType:$t,config:$c,layers:[$l]}')")"
layout_tag "$L" "$manifest" v1
LD="$(jq -r .digest <<<"$layer")"; MD="$(jq -r .digest <<<"$manifest")"

step "Ferry"
ferry import --create --store "$WORK/store" --repository bench/app "$L" >/dev/null
start_server "$WORK/store"
FERRY_BASE="$BASE"

step "docker-registry $(docker-registry --version | awk '{print $3}')"
RPORT="$(free_port)"
cat > "$WORK/registry.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/registry}, delete: {enabled: false}}
http: {addr: 127.0.0.1:$RPORT}
YAML
docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
E2E_PIDS+=("$!")
wait_http "http://127.0.0.1:$RPORT/v2/"
skopeo copy --quiet --dest-tls-verify=false --preserve-digests "oci:$L:v1" "docker://127.0.0.1:$RPORT/bench/app:v1"
REG_BASE="http://127.0.0.1:$RPORT"

step "nginx $(nginx -v 2>&1 | cut -d/ -f2) serving the same bytes as static files"
NPORT="$(free_port)"
mkdir -p "$WORK/static/v2/bench/app/manifests" "$WORK/static/v2/bench/app/blobs" "$WORK/nginx"
cp "$L/blobs/sha256/${MD#sha256:}" "$WORK/static/v2/bench/app/manifests/v1"
cp "$L/blobs/sha256/${LD#sha256:}" "$WORK/static/v2/bench/app/blobs/$LD"
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
wait_http "$NGINX_BASE/v2/bench/app/manifests/v1"
for b in "$FERRY_BASE" "$REG_BASE" "$NGINX_BASE"; do
  curl -fsS "$b/v2/bench/app/blobs/$LD" | cmp - "$WORK/layer.bin" || fail "$b serves other blob bytes"
done

ACCEPT="Accept: $OCI_MANIFEST"
# wrk URL → "requests/s MB/s"
measure() {
  local out rps tps
  out="$(wrk -t2 -c"$2" -d"${SECONDS_PER_RUN}s" -H "$ACCEPT" "$1")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  tps="$(awk '/^Transfer\/sec/ {print $2}' <<<"$out")"
  awk -v r="$rps" -v t="$tps" 'BEGIN { u = substr(t, length(t)-1); v = substr(t, 1, length(t)-2) + 0;
    m = (u == "GB") ? v * 1024 : (u == "MB") ? v : (u == "KB") ? v / 1024 : v / 1048576; printf "%.0f %.1f\n", r, m }'
}

step "warm-up (JIT), then $ROUNDS rounds of ${SECONDS_PER_RUN}s per measurement"
wrk -t2 -c32 -d10s -H "$ACCEPT" "$FERRY_BASE/v2/bench/app/manifests/v1" >/dev/null
wrk -t2 -c8 -d3s "$FERRY_BASE/v2/bench/app/blobs/$LD" >/dev/null
declare -A M B
max() { awk -v a="${1:-0}" -v b="$2" 'BEGIN { print (b + 0 > a + 0) ? b : a }'; }
for round in $(seq 1 "$ROUNDS"); do
  for who in ferry registry nginx; do
    case "$who" in ferry) base="$FERRY_BASE" ;; registry) base="$REG_BASE" ;; nginx) base="$NGINX_BASE" ;; esac
    M[$who]="$(max "${M[$who]:-}" "$(measure "$base/v2/bench/app/manifests/v1" 32 | cut -d' ' -f1)")"
    B[$who]="$(max "${B[$who]:-}" "$(measure "$base/v2/bench/app/blobs/$LD" 8 | cut -d' ' -f2)")"
  done
  echo "round $round: manifests ${M[ferry]}/${M[registry]}/${M[nginx]} req/s, blobs ${B[ferry]}/${B[registry]}/${B[nginx]} MB/s (ferry/registry/nginx, best so far)"
done

step "results: best of $ROUNDS (${SECONDS_PER_RUN}s each; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); wrk -t2, manifests -c32, ${BLOB_MB} MiB blob -c8)"
printf '%-16s %14s %12s\n' server "manifest req/s" "blob MB/s"
for who in ferry registry nginx; do printf '%-16s %14s %12s\n' "$who" "${M[$who]}" "${B[$who]}"; done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "ferry / docker-registry: manifests $(ratio "${M[ferry]}" "${M[registry]}")x  blobs $(ratio "${B[ferry]}" "${B[registry]}")x   (target >= 10x)"
echo "ferry / nginx:           manifests $(ratio "${M[ferry]}" "${M[nginx]}")x  blobs $(ratio "${B[ferry]}" "${B[nginx]}")x   (target >= 0.9x)"
