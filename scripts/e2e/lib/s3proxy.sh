# Starts S3Proxy (the S3-compatible server the object-storage tests use) as its own process on
# loopback with a filesystem backend under $WORK (S3PROXY_AUTH=none lets unsigned GETs in, for benchmarks). Source after common.sh (e2e) or define WORK and
# a PID array yourself. The jar is the one the build copies to target/s3proxy/ (mvn verify, or
# mvn -B process-test-resources).
S3_KEY=ferry-test-key
S3_SECRET=ferry-test-secret

# start_s3proxy : sets S3_ENDPOINT and S3_PID; the caller stops it (e2e: through E2E_PIDS).
start_s3proxy() {
  local root="${E2E_ROOT:-${ROOT:-}}"
  local jar="${S3PROXY_JAR:-$root/target/s3proxy/s3proxy.jar}"
  [[ -f "$jar" ]] || { echo "S3Proxy jar $jar missing: run mvn -B process-test-resources" >&2; return 1; }
  local dir="$WORK/s3proxy" port
  mkdir -p "$dir/data"
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  cat > "$dir/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=${S3PROXY_AUTH:-aws-v2-or-v4}
s3proxy.identity=$S3_KEY
s3proxy.credential=$S3_SECRET
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/data
CONF
  java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" --properties "$dir/s3proxy.conf" >"$dir/log" 2>&1 &
  S3_PID=$!
  S3_ENDPOINT="http://127.0.0.1:$port"
  local i
  for i in $(seq 1 200); do
    curl -fsS -o /dev/null "$S3_ENDPOINT/healthz" 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$dir/log" >&2
  echo "S3Proxy did not start" >&2
  return 1
}

# s3 METHOD PATH [curl args...] : a signed request to S3Proxy.
s3() {
  local method="$1" path="$2"; shift 2
  curl -fsS --aws-sigv4 aws:amz:us-east-1:s3 --user "$S3_KEY:$S3_SECRET" -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' \
    -X "$method" "$S3_ENDPOINT$path" "$@"
}
