# wrk measurement helpers shared by the benchmarks. Source it; needs THREADS set.

# Server CPU time in clock ticks, summed over the given processes and the children they have reaped
# (a server that forks per connection, such as socat, counts its connections once they have ended).
cpu_ticks() {
  local t=0 p
  for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat"))); done
  echo "$t"
}
HZ="$(getconf CLK_TCK)"

# measure URL CONNS DURATION PIDS... -> "req/s MB/s p99ms cpu-µs-per-request errors"
# SETTLE (seconds, default 0): waited after the run before the CPU is read, for forked servers to reap.
measure() {
  local url="$1" conns="$2" duration="$3"; shift 3
  local t0 t1 out
  t0="$(cpu_ticks "$@")"
  out="$(wrk -t"$THREADS" -c"$conns" -d"$duration" --timeout 60s --latency "$url")"
  sleep "${SETTLE:-0}"
  t1="$(cpu_ticks "$@")"
  awk -v ticks=$((t1 - t0)) -v hz="$HZ" '
    function mb(v,  n, u) { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "B") return n / 1048576; if (u == "KB") return n / 1024; if (u == "GB") return n * 1024; return n }
    function ms(v,  n, u) { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n / 1000; if (u == "s") return n * 1000; if (u == "m") return n * 60000; return n }
    /requests in/ { reqs = $1 } /Requests\/sec:/ { rps = $2 } /Transfer\/sec:/ { mbs = mb($2) } $1 == "99%" { p99 = ms($2) }
    /Non-2xx|Socket errors/ { gsub(/ /, ""); err = err $0 ";" }
    END { printf "%.1f %.1f %.2f %.1f %s\n", rps, mbs, p99, (reqs > 0 ? ticks * 1e6 / hz / reqs : 0), (err == "" ? "-" : err) }' <<<"$out"
}

median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
