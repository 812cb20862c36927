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

echo "== generating a Trivy-DB-shaped OCI layout (as 'oras cp --to-oci-layout' writes it)"
L="$DEMO/trivy-db"
mkdir -p "$L/blobs/sha256" "$DEMO/db"
head -c 2000000 /dev/urandom > "$DEMO/db/trivy.db"
printf '{"Version":2,"NextUpdate":"%s","UpdatedAt":"%s","DownloadedAt":"0001-01-01T00:00:00Z"}\n' \
  "$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$DEMO/db/metadata.json"
tar -C "$DEMO/db" -czf "$DEMO/db.tar.gz" trivy.db metadata.json
blob() { # FILE -> "sha256:<hex> <size>", stored in the layout
  local hex; hex="$(sha256sum "$1" | cut -d' ' -f1)"; cp "$1" "$L/blobs/sha256/$hex"; echo "sha256:$hex $(stat -c %s "$1")"
}
printf '{}' > "$DEMO/empty.json"
read -r cfg cfg_size < <(blob "$DEMO/empty.json")
read -r layer layer_size < <(blob "$DEMO/db.tar.gz")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.aquasec.trivy.config.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":%s,"data":"e30="},"layers":[{"mediaType":"application/vnd.aquasec.trivy.db.layer.v1.tar+gzip","digest":"%s","size":%s,"annotations":{"org.opencontainers.image.title":"db.tar.gz"}}]}' \
  "$cfg" "$cfg_size" "$layer" "$layer_size" > "$DEMO/manifest.json"
read -r manifest manifest_size < <(blob "$DEMO/manifest.json")
printf '{"imageLayoutVersion":"1.0.0"}' > "$L/oci-layout"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"2"}}]}' \
  "$manifest" "$manifest_size" > "$L/index.json"

echo "== importing into $DEMO/store"
scripts/ferry import --store "$DEMO/store" "$DEMO/files"
scripts/ferry import --store "$DEMO/store" "$DEMO/plugins"
scripts/ferry import --store "$DEMO/store" --repository aquasecurity/trivy-db "$L"
scripts/ferry status --store "$DEMO/store"

cat <<TRY

== serving on http://127.0.0.1:$PORT/ — try, in another terminal:
  curl -s  http://127.0.0.1:$PORT/README.txt
  curl -sI 'http://127.0.0.1:$PORT/driver/7.0.0%2Bdriver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko'
  curl -s --remote-name-all http://127.0.0.1:$PORT/releases/plugins/demo-plugin/2.19.4/demo-plugin-2.19.4.zip{,.sha512} && sha512sum -c demo-plugin-2.19.4.zip.sha512
  curl -s  http://127.0.0.1:$PORT/metrics | grep ^ferry_
  curl -s  http://127.0.0.1:$PORT/readyz
  curl -sI http://127.0.0.1:$PORT/v2/aquasec/trivy-db/manifests/latest
  curl -s  http://127.0.0.1:$PORT/v2/_catalog
  skopeo copy --src-tls-verify=false docker://127.0.0.1:$PORT/aquasecurity/trivy-db:2 oci:./trivy-db-copy:2
  trivy image --insecure --db-repository 127.0.0.1:$PORT/aquasec/trivy-db --download-db-only
Stop with Ctrl-C.

TRY
exec scripts/ferry serve --store "$DEMO/store" --host 127.0.0.1 --port "$PORT"
