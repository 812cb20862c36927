#!/usr/bin/env bash
# Builds Ferry, creates a demo store from fixtures generated here (no downloads), and serves it
# on 127.0.0.1:8080 (FERRY_PORT to change) until Ctrl-C. Prints the curl commands to try.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${FERRY_PORT:-8080}"
DEMO="target/demo"

echo "== building target/ferry.jar"
mvn -B -q -DskipTests package

echo "== generating demo fixtures in $DEMO"
rm -rf "$DEMO"
mkdir -p "$DEMO/files"
(
  cd "$DEMO/files"
  # A Falco driver in the upstream layout: version with '+', kernel name with '~'.
  d="driver/7.0.0+driver/x86_64"
  mkdir -p "$d"
  head -c 5000000 /dev/urandom > "$d/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko"
  printf 'Welcome to Ferry.\n' > README.txt
  find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum > SHA256SUMS
)

# An OpenSearch plugin zip laid out as the upstream build makes it, with its .sha512 (unsigned).
mkdir -p "$DEMO/plugin-build/config" "$DEMO/plugins"
printf 'description=Demo plugin\nversion=2.19.4\nname=demo-plugin\nclassname=org.example.DemoPlugin\njava.version=21\nopensearch.version=2.19.4\n' \
  > "$DEMO/plugin-build/plugin-descriptor.properties"
head -c 100000 /dev/urandom > "$DEMO/plugin-build/demo-plugin-2.19.4.jar"
printf 'setting: 1\n' > "$DEMO/plugin-build/config/demo-plugin.yml"
jar --create --no-manifest --file "$DEMO/plugins/demo-plugin-2.19.4.zip" -C "$DEMO/plugin-build" .
(cd "$DEMO/plugins" && sha512sum demo-plugin-2.19.4.zip > demo-plugin-2.19.4.zip.sha512)

echo "== importing into $DEMO/store"
scripts/ferry import --store "$DEMO/store" "$DEMO/files"
scripts/ferry import --store "$DEMO/store" "$DEMO/plugins"
scripts/ferry status --store "$DEMO/store"

cat <<TRY

== serving on http://127.0.0.1:$PORT/ — try, in another terminal:
  curl -s  http://127.0.0.1:$PORT/README.txt
  curl -sI 'http://127.0.0.1:$PORT/driver/7.0.0%2Bdriver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko'
  curl -s --remote-name-all http://127.0.0.1:$PORT/releases/plugins/demo-plugin/2.19.4/demo-plugin-2.19.4.zip{,.sha512} && sha512sum -c demo-plugin-2.19.4.zip.sha512
  curl -s  http://127.0.0.1:$PORT/metrics | grep ^ferry_
  curl -s  http://127.0.0.1:$PORT/readyz
Stop with Ctrl-C.

TRY
exec scripts/ferry serve --store "$DEMO/store" --host 127.0.0.1 --port "$PORT"
