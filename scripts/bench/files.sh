#!/usr/bin/env bash
# Ferry's file serving against Debian nginx (sendfile on), same files, same machine, same run:
# a 2 KB index, a 5 MB driver and a 100 MB zip, each driven by wrk with keep-alive at 16 and
# 256 connections. Prints req/s, MB/s, p99 latency, server CPU per request and requests per
# server CPU-second for each, and the Ferry/nginx ratios. Each case runs ROUNDS times, alternating
# who goes first, and reports medians: on a shared machine the CPU per request is the figure least
# disturbed by other load.
#
#   scripts/bench/files.sh     # defaults: DURATION=10s WARMUP=5s ROUNDS=3 THREADS=2 CONNECTIONS="16 256" SIZES="index driver zip"
#   JIT_WARMUP=15s first drives Ferry that long so the JIT has compiled the hot paths.
#   FERRY_JAVA_OPTS=… passes JVM flags to Ferry (e.g. a JFR recording); KEEP=1 leaves both servers running.
#
# Installs nginx-light and wrk with apt-get when missing (root or sudo). Builds the jar when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16 256}"
SIZES="${SIZES:-index driver zip}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench.XXXXXX")"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
source "$ROOT/scripts/bench/lib/measure.sh"  # measure, cpu_ticks, median, ratio, free_port
source "$ROOT/scripts/bench/lib/nginx.sh"    # install_wrk_and_nginx, write_nginx_conf

install_wrk_and_nginx
[[ -f "${FERRY_JAR:-$ROOT/target/ferry.jar}" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)


# The same three files for both servers: nginx serves the directory, Ferry imports it.
TREE="$WORK/tree"
mkdir -p "$TREE/falcoctl" "$TREE/driver/7.0.0+driver/x86_64" "$TREE/plugins"
head -c 2048 /dev/urandom | base64 -w 76 | head -c 2048 > "$TREE/falcoctl/index.yaml"
head -c $((5 * 1024 * 1024)) /dev/urandom > "$TREE/driver/7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko"
head -c $((100 * 1024 * 1024)) /dev/urandom > "$TREE/plugins/repository-s3-2.19.4.zip"
(cd "$TREE" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum > SHA256SUMS)
"$ROOT/scripts/ferry" import --create --store "$WORK/store" "$TREE" >/dev/null

NGINX_PORT="$(free_port)"
write_nginx_conf "$WORK/nginx" "$(cat <<CONF
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $TREE;
  }
CONF
)"
/usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=("$!")

"$ROOT/scripts/ferry" serve --store "$WORK/store" --host 127.0.0.1 --port 0 >"$WORK/ferry.log" 2>&1 &
PIDS+=("$!")
FERRY_PORT=""
for _ in $(seq 1 300); do
  FERRY_PORT="$(sed -n 's#.*on http://[^:]*:\([0-9]*\)/.*#\1#p' "$WORK/ferry.log" | head -1)"
  [[ -n "$FERRY_PORT" ]] && curl -fsS "http://127.0.0.1:$FERRY_PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
[[ -n "$FERRY_PORT" ]] || { cat "$WORK/ferry.log" >&2; echo "ferry did not start" >&2; exit 1; }
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/falcoctl/index.yaml" 2>/dev/null && break; sleep 0.1; done

FILES=(falcoctl/index.yaml "driver/7.0.0%2Bdriver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko" plugins/repository-s3-2.19.4.zip)
LABELS=("index 2KB" "driver 5MB" "zip 100MB")
for f in "${FILES[@]}"; do # both must serve the same bytes before their speed means anything
  a="$(curl -fsS "http://127.0.0.1:$NGINX_PORT/$f" | sha256sum)"; b="$(curl -fsS "http://127.0.0.1:$FERRY_PORT/$f" | sha256sum)"
  [[ "$a" == "$b" ]] || { echo "nginx and ferry serve different bytes for $f" >&2; exit 1; }
done

# requests per second of server CPU time, from CPU µs per request
per_cpu_second() { awk -v us="$1" 'BEGIN { printf "%.0f", (us > 0 ? 1e6 / us : 0) }'; }

NGINX_PIDS=("$(cat "$WORK/nginx/nginx.pid" 2>/dev/null || echo "${PIDS[0]}")")
NGINX_PIDS+=($(pgrep -P "${NGINX_PIDS[0]}" || true))
FERRY_PIDS=("${PIDS[1]}")
ROUNDS="${ROUNDS:-3}"
# the JVM compiles its hot paths while it runs: give it one longer warm-up before any case counts
wrk -t"$THREADS" -c16 -d"${JIT_WARMUP:-15s}" "http://127.0.0.1:$FERRY_PORT/${FILES[0]}" >/dev/null
wrk -t"$THREADS" -c16 -d5s "http://127.0.0.1:$FERRY_PORT/${FILES[1]}" >/dev/null

printf '\nferry %s (port %s) vs nginx %s (port %s); wrk %s threads, %s connections, %s per run, median of %s rounds; %s cores, load %s\n' \
  "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" "$FERRY_PORT" \
  "$(/usr/sbin/nginx -v 2>&1 | sed 's#.*/##')" "$NGINX_PORT" "$THREADS" "$CONNECTIONS" "$DURATION" "$ROUNDS" "$(nproc)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %5s | %9s %7s %8s %6s %8s | %9s %7s %8s %6s %8s | %5s %5s %5s %7s\n' file conns "nginx r/s" "MB/s" "p99 ms" "cpu/r" "r/cpu-s" \
  "ferry r/s" "MB/s" "p99 ms" "cpu/r" "r/cpu-s" "r/s" "MB/s" "cpu" "r/cpu-s"
for i in "${!FILES[@]}"; do
  [[ " $SIZES " == *" $(cut -d' ' -f1 <<<"${LABELS[$i]}") "* ]] || continue
  for c in $CONNECTIONS; do
    n_url="http://127.0.0.1:$NGINX_PORT/${FILES[$i]}"; f_url="http://127.0.0.1:$FERRY_PORT/${FILES[$i]}"
    measure "$n_url" "$c" "$WARMUP" >/dev/null; measure "$f_url" "$c" "$WARMUP" >/dev/null   # warm caches and the JIT
    declare -A got=()
    for r in $(seq 1 "$ROUNDS"); do  # alternate who goes first, so load from elsewhere hits both alike
      if ((r % 2)); then order="n f"; else order="f n"; fi
      for who in $order; do
        if [[ $who == n ]]; then line="$(measure "$n_url" "$c" "$DURATION" "${NGINX_PIDS[@]}")"
        else line="$(measure "$f_url" "$c" "$DURATION" "${FERRY_PIDS[@]}")"; fi
        read -r rps mbs p99 cpu err <<<"$line"
        got[$who.rps]+="$rps "; got[$who.mbs]+="$mbs "; got[$who.p99]+="$p99 "; got[$who.cpu]+="$cpu "
        [[ "$err" == - ]] || got[$who.err]+="$err "
      done
    done
    for k in n.rps n.mbs n.p99 n.cpu f.rps f.mbs f.p99 f.cpu; do got[$k.m]="$(median <<<"${got[$k]% }")"; done
    n_per_cpu="$(per_cpu_second "${got[n.cpu.m]}")"; f_per_cpu="$(per_cpu_second "${got[f.cpu.m]}")"
    printf '%-10s %5s | %9s %7s %8s %6s %8s | %9s %7s %8s %6s %8s | %5s %5s %5s %7s\n' "${LABELS[$i]}" "$c" \
      "${got[n.rps.m]}" "${got[n.mbs.m]}" "${got[n.p99.m]}" "${got[n.cpu.m]}" "$n_per_cpu" \
      "${got[f.rps.m]}" "${got[f.mbs.m]}" "${got[f.p99.m]}" "${got[f.cpu.m]}" "$f_per_cpu" \
      "$(ratio "${got[f.rps.m]}" "${got[n.rps.m]}")" "$(ratio "${got[f.mbs.m]}" "${got[n.mbs.m]}")" \
      "$(ratio "${got[f.cpu.m]}" "${got[n.cpu.m]}")" "$(ratio "$f_per_cpu" "$n_per_cpu")"
    [[ -z "${got[n.err]:-}" ]] || echo "    nginx: ${got[n.err]}"
    [[ -z "${got[f.err]:-}" ]] || echo "    ferry: ${got[f.err]}"
    unset got
  done
done
if [[ -n "${KEEP:-}" ]]; then
  echo "servers left running: nginx http://127.0.0.1:$NGINX_PORT/  ferry http://127.0.0.1:$FERRY_PORT/ (Ctrl-C ends both)"
  wait
fi
echo "cpu/r = server CPU µs per request (user+system, all its processes); r/cpu-s = requests per second of server CPU."
echo "Ratios are Ferry ÷ nginx: r/s, MB/s and r/cpu-s ≥ 1.00 mean Ferry at least as fast / as frugal; cpu ≤ 1.00 likewise."
