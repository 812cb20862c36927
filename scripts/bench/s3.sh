#!/usr/bin/env bash
# Serving from object storage: the same 2 KB and 5 MB files through Ferry on the filesystem
# store, Ferry on S3Proxy with its local blob cache, Ferry on S3Proxy without it, direct GETs
# from S3Proxy, nginx relaying GETs to S3Proxy (proxy_pass, unbuffered, kept upstream
# connections: a reference HTTP relay) and socat relaying the same TCP connections to S3Proxy
# (256 KiB reads, no HTTP at all: what moving the bytes through any relay costs on this machine),
# all in the same run. Prints req/s and server CPU per request for each, and the ratios the
# targets are about: cached ÷ filesystem (target ≥ 0.9) and uncached ÷ direct S3Proxy GETs
# (target ≥ 0.8), with uncached ÷ nginx relay and socat ÷ direct S3Proxy beside the latter.
# Medians of ROUNDS runs, alternating order.
#
#   scripts/bench/s3.sh     # defaults: DURATION=10s WARMUP=5s ROUNDS=3 THREADS=2 CONNECTIONS="16 256"
#
# Installs wrk, nginx-light and socat with apt-get when missing. Builds the jar and copies S3Proxy when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16 256}"
ROUNDS="${ROUNDS:-3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench.XXXXXX")"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
source "$ROOT/scripts/bench/lib/measure.sh"
source "$ROOT/scripts/bench/lib/nginx.sh"
S3PROXY_AUTH=none source "$ROOT/scripts/e2e/lib/s3proxy.sh"

install_wrk_and_nginx socat
[[ -f "${FERRY_JAR:-$ROOT/target/ferry.jar}" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
[[ -f "${S3PROXY_JAR:-$ROOT/target/s3proxy/s3proxy.jar}" ]] || (cd "$ROOT" && mvn -B -q process-test-resources)

TREE="$WORK/tree"
mkdir -p "$TREE/falcoctl" "$TREE/files"
head -c 2048 /dev/urandom | base64 -w 76 | head -c 2048 > "$TREE/falcoctl/index.yaml"
head -c $((5 * 1024 * 1024)) /dev/urandom > "$TREE/files/blob.bin"
(cd "$TREE" && sha256sum falcoctl/index.yaml files/blob.bin > SHA256SUMS)
FILES=(falcoctl/index.yaml files/blob.bin)
LABELS=("2KB" "5MB")

S3PROXY_AUTH=none start_s3proxy
PIDS+=("$S3_PID")
curl -fsS -X PUT "$S3_ENDPOINT/ferry" >/dev/null
export AWS_ACCESS_KEY_ID="$S3_KEY" AWS_SECRET_ACCESS_KEY="$S3_SECRET" AWS_REGION=us-east-1

# serve NAME BACKEND-YAML : starts `ferry serve` with that store section; sets PORT_<NAME> and PID_<NAME>
serve() {
  local name="$1" cfg="$WORK/$1.yaml" log="$WORK/$1.log" port
  printf 'store:\n  path: %s\n%s\n' "$WORK/state-$name" "$2" > "$cfg"
  "$ROOT/scripts/ferry" import --create --config "$cfg" "$TREE" >/dev/null
  port="$(free_port)"
  "$ROOT/scripts/ferry" serve --config "$cfg" --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
  PIDS+=("$!")
  printf -v "PID_$name" '%s' "$!"
  printf -v "PORT_$name" '%s' "$port"
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && return 0; sleep 0.1; done
  cat "$log" >&2; echo "ferry ($name) did not start" >&2; exit 1
}
s3_section() { printf '  backend: s3\n  s3:\n    endpoint: %s\n    bucket: ferry\n    prefix: %s\n    pathStyle: true\n    cacheBytes: %s\n' "$S3_ENDPOINT" "$1" "$2"; }
serve fs ""
serve cached "$(s3_section cached/ 1GiB)"
serve direct "$(s3_section direct/ 0)"

NGINX_PORT="$(free_port)"
write_nginx_conf "$WORK/nginx" "$(cat <<CONF
  upstream s3 { server ${S3_ENDPOINT#http://}; keepalive 32; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://s3;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_buffers 16 64k;
      proxy_buffer_size 64k;
    }
  }
CONF
)"
/usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=("$!")
PID_nginx="$!"
for _ in $(seq 1 100); do [[ -s "$WORK/nginx/nginx.pid" ]] && break; sleep 0.1; done
[[ -s "$WORK/nginx/nginx.pid" ]] || { cat "$WORK/nginx/logs/error.log" >&2; echo "nginx did not start" >&2; exit 1; }

SOCAT_PORT="$(free_port)"
socat -b262144 "TCP-LISTEN:$SOCAT_PORT,bind=127.0.0.1,fork,reuseaddr,nodelay" "TCP:${S3_ENDPOINT#http://},nodelay" \
  2>"$WORK/socat.log" &
PIDS+=("$!")
PID_socat="$!"
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SOCAT_PORT") 2>/dev/null && break; sleep 0.1; done

urls() { # urls FILE-INDEX -> the six URLs in the order fs cached direct s3proxy nginx socat
  local f="${FILES[$1]}" hex
  hex="$(sha256sum "$TREE/$f" | cut -d' ' -f1)"
  echo "http://127.0.0.1:$PORT_fs/$f http://127.0.0.1:$PORT_cached/$f http://127.0.0.1:$PORT_direct/$f $S3_ENDPOINT/ferry/direct/blobs/sha256/$hex" \
    "http://127.0.0.1:$NGINX_PORT/ferry/direct/blobs/sha256/$hex" "http://127.0.0.1:$SOCAT_PORT/ferry/direct/blobs/sha256/$hex"
}
for i in "${!FILES[@]}"; do # all six must answer the same bytes before their speed means anything
  want="$(sha256sum < "$TREE/${FILES[$i]}")"
  for u in $(urls "$i"); do [[ "$(curl -fsS "$u" | sha256sum)" == "$want" ]] || { echo "$u serves different bytes" >&2; exit 1; }; done
done

WHO=(fs cached direct s3proxy nginx socat)
pids_of() {
  case "$1" in fs) echo "$PID_fs";; cached) echo "$PID_cached";; direct) echo "$PID_direct";; s3proxy) echo "$S3_PID";;
    nginx) echo "$PID_nginx $(pgrep -P "$PID_nginx" | tr '\n' ' ')";; socat) echo "$PID_socat";; esac
}
for u in $(urls 0); do wrk -t"$THREADS" -c16 -d"${JIT_WARMUP:-10s}" "$u" >/dev/null; done

printf '\nferry %s (checkout %s); S3Proxy 4.1.0 (filesystem backend); wrk %s threads, %s per run, median of %s rounds; %s cores, load %s\n' \
  "${FERRY_JAR:-target/ferry.jar}" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" "$THREADS" "$DURATION" "$ROUNDS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
ROW='%-5s %5s | %9s %9s %9s %9s %9s %9s | %7s %7s %7s %7s %7s %7s | %9s %11s %14s %10s\n'
printf "$ROW" file conns "fs r/s" "cache r/s" "nocache" "s3 r/s" "nginx r/s" "socat r/s" "fs cpu" "cache" "nocache" "s3" "nginx" \
  "socat" "cache÷fs" "nocache÷s3" "nocache÷nginx" "socat÷s3"
for i in "${!FILES[@]}"; do
  read -r -a U <<<"$(urls "$i")"
  for c in $CONNECTIONS; do
    for k in "${!WHO[@]}"; do measure "${U[$k]}" "$c" "$WARMUP" >/dev/null; done
    declare -A got=()
    for r in $(seq 1 "$ROUNDS"); do
      if ((r % 2)); then order="0 1 2 3 4 5"; else order="5 4 3 2 1 0"; fi
      for k in $order; do
        # a relay from S3 spends S3Proxy's CPU too: count both, as a deployment pays for both
        pids="$(pids_of "${WHO[$k]}")"; [[ "${WHO[$k]}" =~ ^(cached|direct|nginx|socat)$ ]] && pids="$pids $S3_PID"
        settle=0; [[ "${WHO[$k]}" == socat ]] && settle=0.5 # socat's connection processes end after wrk's run
        read -r rps mbs p99 cpu err <<<"$(SETTLE=$settle measure "${U[$k]}" "$c" "$DURATION" $pids)"
        got[$k.rps]+="$rps "; got[$k.cpu]+="$cpu "
        [[ "$err" == - ]] || got[$k.err]+="$err "
      done
    done
    for k in "${!WHO[@]}"; do got[$k.rps.m]="$(median <<<"${got[$k.rps]% }")"; got[$k.cpu.m]="$(median <<<"${got[$k.cpu]% }")"; done
    printf "$ROW" "${LABELS[$i]}" "$c" \
      "${got[0.rps.m]}" "${got[1.rps.m]}" "${got[2.rps.m]}" "${got[3.rps.m]}" "${got[4.rps.m]}" "${got[5.rps.m]}" \
      "${got[0.cpu.m]}" "${got[1.cpu.m]}" "${got[2.cpu.m]}" "${got[3.cpu.m]}" "${got[4.cpu.m]}" "${got[5.cpu.m]}" \
      "$(ratio "${got[1.rps.m]}" "${got[0.rps.m]}")" "$(ratio "${got[2.rps.m]}" "${got[3.rps.m]}")" \
      "$(ratio "${got[2.rps.m]}" "${got[4.rps.m]}")" "$(ratio "${got[5.rps.m]}" "${got[3.rps.m]}")"
    for k in "${!WHO[@]}"; do [[ -z "${got[$k.err]:-}" ]] || echo "    ${WHO[$k]}: ${got[$k.err]}"; done
    unset got
  done
done
echo "cpu = server CPU µs per request (Ferry on S3 and the relays include S3Proxy's). Targets: cache÷fs ≥ 0.90, nocache÷s3 ≥ 0.80 (req/s);"
echo "nocache÷nginx compares Ferry's relay with nginx relaying the same GETs; socat÷s3 is what relaying the bytes alone reaches here."
