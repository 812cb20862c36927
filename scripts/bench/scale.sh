#!/usr/bin/env bash
# Ferry at 100k catalog entries: a generated tree of N tiny files (with SHA256SUMS) is imported,
# then one more file, then the store is served. Prints each figure with the command behind it:
#   - tree import: work seconds (`--output json` .seconds), wall time, files/s, peak open
#     descriptors of the importing JVM (count of /proc/PID/fd, sampled)
#   - one-file import into that store: work seconds and wall time
#   - `serve` time to ready (start until /readyz answers 200) and a JVM-start baseline
#     (`java -jar ferry.jar --version`)
#   - peak RSS (VmHWM) of `serve` under 1,000 concurrent keep-alive connections (wrk)
#
#   scripts/bench/scale.sh            # N=100000
#   N=15000 scripts/bench/scale.sh    # quick run
#   FERRY_JAR=… uses that jar (else target/ferry.jar, built when missing); FERRY_JAVA_OPTS=… adds JVM flags.
#   CONNECTIONS=1000 DURATION=10s set the wrk load; RUNS=2 repeats the one-file import and serve start.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
N="${N:-100000}"
RUNS="${RUNS:-2}"
CONNECTIONS="${CONNECTIONS:-1000}"
DURATION="${DURATION:-10s}"
export FERRY_JAR="${FERRY_JAR:-$ROOT/target/ferry.jar}"
FERRY="$ROOT/scripts/ferry"
[[ -f "$FERRY_JAR" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
for c in java jq curl sha256sum; do command -v "$c" >/dev/null || { echo "missing: $c" >&2; exit 2; }; done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ferry-scale.XXXXXX")"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
report() { printf '%-44s %s\n' "$1" "$2"; }   # figure, value
cmd() { printf '    $ %s\n' "$*"; }

# sample_fds PID OUT: highest descriptor count of PID until it exits, written to OUT
sample_fds() {
  local pid="$1" out="$2" max=0 n
  while [[ -d /proc/$pid ]]; do
    n=$(ls /proc/"$pid"/fd 2>/dev/null | wc -l) || n=0
    ((n > max)) && max=$n
    sleep 0.05
  done
  echo "$max" > "$out"
}

# A tree of N tiny files, 1,000 per directory, each with distinct content.
echo "generating $N files"
TREE="$WORK/tree"
mkdir -p "$TREE"
awk -v n="$N" -v dir="$TREE" 'BEGIN {
  for (i = 0; i < n; i++) {
    d = sprintf("%s/d%04d", dir, int(i / 1000))
    if (i % 1000 == 0) system("mkdir -p " d)
    f = sprintf("%s/f%06d.txt", d, i)
    printf "file %d\n", i > f; close(f)
  } }'
(cd "$TREE" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum > SHA256SUMS)
sync

printf '\nferry %s, N=%s, %s cores, load %s, %s\n\n' "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" \
  "$N" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(date -u +%FT%TZ)"

# 1. the tree import
STORE="$WORK/store"
start=$(now)
"$FERRY" import --create --store "$STORE" --output json "$TREE" > "$WORK/import.json" 2> "$WORK/import.err" &
pid=$!
sample_fds "$pid" "$WORK/fds" &
sampler=$!
status=0; wait "$pid" || status=$?
end=$(now); wait "$sampler" || true
if ((status != 0)); then
  report "tree import" "FAILED (exit $status): $(tail -1 "$WORK/import.err")"
  report "  peak open descriptors" "$(cat "$WORK/fds")"
  cmd "ferry import --create --store STORE --output json TREE   # $N files"
  exit 1
fi
work=$(jq -r .seconds "$WORK/import.json")
report "tree import: work / wall" "$work s / $(minus "$end" "$start") s"
report "  files/s (work)" "$(awk -v n="$N" -v s="$work" 'BEGIN { printf "%d", n / s }')"
report "  peak open descriptors" "$(cat "$WORK/fds")"
cmd "ferry import --create --store STORE --output json TREE   # $N files; descriptors: ls /proc/PID/fd | wc -l every 50 ms"

# 2. one more file into that store (a new path each run)
for r in $(seq 1 "$RUNS"); do
  one="$WORK/one-$r"
  mkdir -p "$one"; printf 'one more file %s\n' "$r" > "$one/extra.txt"
  (cd "$one" && sha256sum extra.txt > SHA256SUMS)
  start=$(now)
  "$FERRY" import --store "$STORE" --prefix "extra-$r" --output json "$one" > "$WORK/one.json"
  end=$(now)
  report "one-file import, run $r: work / wall" "$(jq -r .seconds "$WORK/one.json") s / $(minus "$end" "$start") s"
done
cmd "ferry import --store STORE --prefix extra-R --output json ONE-FILE-TREE   # .seconds = work"

# 3. serve: time to ready against JVM start
for r in $(seq 1 "$RUNS"); do
  start=$(now); /usr/bin/time -f %U+%S -o "$WORK/cpu" "$FERRY" --version >/dev/null; end=$(now)
  report "JVM start baseline, run $r" "$(minus "$end" "$start") s (CPU $(awk -F+ '{ printf "%.2f", $1 + $2 }' "$WORK/cpu") s)"
done
cmd "java -jar ferry.jar --version"
# CPU seconds (user + system) PID has used so far: on a shared machine less disturbed than wall time
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
serve_ready() { # starts serve; sets PORT, SERVE_PID, READY (seconds until /readyz is 200) and READY_CPU
  local log="$WORK/serve-$RANDOM.log" start end
  : > "$log"
  start=$(now)
  "$FERRY" serve --store "$STORE" --host 127.0.0.1 --port 0 > "$log" 2>&1 &
  SERVE_PID=$!; PIDS+=("$SERVE_PID")
  PORT=""
  for _ in $(seq 1 3000); do
    [[ -n "$PORT" ]] || PORT="$(sed -n 's#.*on http://[^:]*:\([0-9]*\)/.*#\1#p' "$log" | head -1)"
    if [[ -n "$PORT" ]] && curl -fs -o /dev/null "http://127.0.0.1:$PORT/readyz"; then
      end=$(now); READY=$(minus "$end" "$start"); READY_CPU=$(cpu_seconds "$SERVE_PID"); return 0
    fi
    sleep 0.01
  done
  cat "$log" >&2; echo "serve did not become ready" >&2; return 1
}
for r in $(seq 1 "$RUNS"); do
  serve_ready
  report "serve time to ready, run $r" "$READY s (JVM CPU $READY_CPU s)"
  if ((r < RUNS)); then kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true; fi
done
cmd "ferry serve --store STORE --host 127.0.0.1 --port 0   # until curl /readyz answers 200"

# 4. peak RSS with CONNECTIONS keep-alive connections (the server started last is still running)
if command -v wrk >/dev/null; then
  url="http://127.0.0.1:$PORT/d0000/f000000.txt"
  curl -fsS -o /dev/null "$url"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s "$url" > "$WORK/wrk.out" 2>&1 || true
  report "serve peak RSS (VmHWM), $CONNECTIONS connections" "$(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' /proc/"$SERVE_PID"/status)"
  report "  requests/s" "$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.out") $(grep -E 'Socket errors|Non-2xx' "$WORK/wrk.out" | tr -s ' ' || true)"
  cmd "wrk -t2 -c$CONNECTIONS -d$DURATION $url; grep VmHWM /proc/PID/status"
else
  report "serve peak RSS" "skipped: wrk is not installed (apt-get install wrk)"
fi
