#!/usr/bin/env bash
# The same content fetched from the same loopback upstreams, in one run, two ways:
#  - Ferry: `ferry bundle create --spec` (plan, download, verify sha512/PGP/digests, bundle);
#  - the manual procedure: skopeo copy of each OCI artifact, curl of each file, sha512sum -c and
#    gpg --verify of the plugin, a SHA256SUMS for the drivers, then `ferry bundle create` of those.
# Upstreams: Debian's docker-registry over TLS (a Trivy-DB-shaped and a Java-DB-shaped artifact)
# and nginx over TLS (an OpenSearch plugin with .sha512 and a gpg .sig, three Falco drivers).
# Prints both times and the ratio (target: Ferry at least as fast, with verification).
# Usage: scripts/bench/sync.sh [MiB-per-DB] [runs]
source "$(dirname "$0")/../e2e/lib/common.sh"
source "$(dirname "$0")/../e2e/lib/oci-layouts.sh"
need skopeo nginx docker-registry gpg jq curl python3 sha512sum
DB_MB="${1:-64}"
RUNS="${2:-2}"
chmod 755 "$WORK"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_tls() { local i; for i in $(seq 1 100); do curl -fsS --cacert "$TLS/ca.crt" -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done; fail "$1 did not answer"; }

step "TLS for the upstreams"
TLS="$WORK/tls"; ferry tls init --out "$TLS" --ip 127.0.0.1 --dns localhost >/dev/null
CERTS="$WORK/certs"; mkdir -p "$CERTS"; cp "$TLS/ca.crt" "$CERTS/ca.crt"

step "docker-registry with a ${DB_MB} MiB Trivy DB and a Java DB"
RPORT="$(free_port)"; REG="127.0.0.1:$RPORT"
cat > "$WORK/registry.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/registry}, delete: {enabled: false}}
http: {addr: $REG, tls: {certificate: $TLS/server.crt, key: $TLS/server.key}}
YAML
docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
E2E_PIDS+=("$!")
wait_tls "https://$REG/v2/"
L="$WORK/layout"; layout_init "$L"
for db in db:trivy.db javadb:trivy-java.db; do
  name="${db%%:*}"; file="${db#*:}"; src="$WORK/$name"; mkdir -p "$src"
  head -c $((DB_MB << 20)) /dev/urandom > "$src/$file"
  jq -cn '{Version:2,NextUpdate:"2026-12-05T00:00:00Z",UpdatedAt:"2026-12-04T00:00:00Z",DownloadedAt:"0001-01-01T00:00:00Z"}' > "$src/metadata.json"
  tar --mtime=@0 -C "$src" -cf - "$file" metadata.json | gzip -1 -n > "$WORK/$name.tar.gz" # random bytes: gzip cannot shrink them
done
layout_tag "$L" "$(layout_trivy "$L" "$TRIVY_DB_LAYER" db.tar.gz "$WORK/db.tar.gz")" 2
layout_tag "$L" "$(layout_trivy "$L" "$TRIVY_JAVADB_LAYER" javadb.tar.gz "$WORK/javadb.tar.gz")" 1
skopeo copy --quiet --dest-cert-dir "$CERTS" --preserve-digests "oci:$L:2" "docker://$REG/aquasecurity/trivy-db:2"
skopeo copy --quiet --dest-cert-dir "$CERTS" --preserve-digests "oci:$L:1" "docker://$REG/aquasecurity/trivy-java-db:1"

step "nginx with an OpenSearch plugin (.sha512, gpg .sig) and three Falco drivers"
export GNUPGHOME="$WORK/gnupg"; mkdir -p -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key "Release <release@example.org>" ed25519 sign never
gpg --batch --quiet --armor --export release@example.org > "$WORK/release.asc"
WWW="$WORK/www"; P="$WWW/releases/plugins/repository-s3/2.19.4"; mkdir -p "$P"
python3 - "$P/repository-s3-2.19.4.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("plugin-descriptor.properties", "description=bench\nversion=2.19.4\nname=repository-s3\n"
               "classname=org.example.Bench\njava.version=17\nopensearch.version=2.19.4\n")
    z.writestr("repository-s3-2.19.4.jar", os.urandom(32 << 20))
PY
(cd "$P" && sha512sum repository-s3-2.19.4.zip > repository-s3-2.19.4.zip.sha512)
gpg --batch --quiet --detach-sign -o "$P/repository-s3-2.19.4.zip.sig" "$P/repository-s3-2.19.4.zip"
DRV="$WWW/driver/8.0.0+driver/x86_64"; mkdir -p "$DRV"
KERNELS=("ubuntu-generic 5.15.0-91-generic 101" "ubuntu-aws 6.8.0-1015-aws 15~22.04.1" "debian 6.1.0-18-cloud-amd64 1")
for k in "${KERNELS[@]}"; do read -r t r v <<<"$k"; head -c $((4 << 20)) /dev/urandom > "$DRV/falco_${t}_${r}_${v}.ko"; done
chmod -R a+rX "$WWW"
NPORT="$(free_port)"; mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 256; }
http {
  access_log off; sendfile on;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  default_type application/octet-stream;
  server { listen 127.0.0.1:$NPORT ssl; ssl_certificate $TLS/server.crt; ssl_certificate_key $TLS/server.key; root $WWW; }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
E2E_PIDS+=("$!")
FILES="https://127.0.0.1:$NPORT"
wait_tls "$FILES/releases/plugins/repository-s3/2.19.4/repository-s3-2.19.4.zip.sha512"

cat > "$WORK/sync.spec.yaml" <<YAML
apiVersion: ferry.spec.v1
trivy:
  db: {source: "$REG/aquasecurity/trivy-db:2"}
  javadb: {source: "$REG/aquasecurity/trivy-java-db:1"}
opensearch:
  plugins:
    - {name: repository-s3, version: 2.19.4, source: "$FILES/releases/plugins/"}
falco:
  drivers:
    - versions: ["8.0.0+driver"]
      source: "$FILES/driver"
      kernels:
$(for k in "${KERNELS[@]}"; do read -r t r v <<<"$k"; echo "        - {target: $t, kernelRelease: $r, kernelVersion: \"$v\"}"; done)
YAML

ferry_run() { # fresh cache each run: everything is downloaded
  rm -rf "$WORK/cache" "$WORK/ferry.tar" "$WORK/sync.spec.yaml.lock"
  ferry bundle create --spec "$WORK/sync.spec.yaml" --out "$WORK/ferry.tar" --unsigned --cacert "$TLS/ca.crt" \
    --cache "$WORK/cache" --opensearch-key "$WORK/release.asc" >"$WORK/ferry.log" 2>&1 || { cat "$WORK/ferry.log" >&2; return 1; }
}
manual_run() {
  local M="$WORK/manual"; rm -rf "$M" "$WORK/manual.tar"; mkdir -p "$M/plugins" "$M/drivers/driver/8.0.0+driver/x86_64"
  skopeo copy --quiet --src-cert-dir "$CERTS" "docker://$REG/aquasecurity/trivy-db:2" "oci:$M/db:aquasecurity/trivy-db:2"
  skopeo copy --quiet --src-cert-dir "$CERTS" "docker://$REG/aquasecurity/trivy-java-db:1" "oci:$M/javadb:aquasecurity/trivy-java-db:1"
  local f
  for f in repository-s3-2.19.4.zip repository-s3-2.19.4.zip.sha512 repository-s3-2.19.4.zip.sig; do
    curl -fsS --cacert "$TLS/ca.crt" -o "$M/plugins/$f" "$FILES/releases/plugins/repository-s3/2.19.4/$f"
  done
  (cd "$M/plugins" && sha512sum --quiet -c repository-s3-2.19.4.zip.sha512)
  gpg --batch --quiet --verify "$M/plugins/repository-s3-2.19.4.zip.sig" "$M/plugins/repository-s3-2.19.4.zip" 2>/dev/null
  for k in "${KERNELS[@]}"; do
    read -r t r v <<<"$k"
    curl -fsS --cacert "$TLS/ca.crt" -o "$M/drivers/driver/8.0.0+driver/x86_64/falco_${t}_${r}_${v}.ko" \
      "$FILES/driver/8.0.0%2Bdriver/x86_64/falco_${t}_${r}_${v}.ko"
  done
  (cd "$M/drivers" && find driver -type f -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
  ferry bundle create --out "$WORK/manual.tar" --unsigned --opensearch-key "$WORK/release.asc" \
    "$M/db" "$M/javadb" "$M/plugins" "$M/drivers" >/dev/null
}
seconds() { local s e; s="$(date +%s.%N)"; "$@" || return 1; e="$(date +%s.%N)"; python3 -c "print(f'{$e - $s:.2f}')"; }

step "runs (best of $RUNS each, alternating)"
best_ferry=""; best_manual=""
for i in $(seq 1 "$RUNS"); do
  t="$(seconds ferry_run)" || fail "ferry bundle create --spec failed"
  [[ -z "$best_ferry" ]] || python3 -c "import sys; sys.exit(0 if $t < $best_ferry else 1)" && best_ferry="$t"
  m="$(seconds manual_run)" || fail "the manual procedure failed"
  [[ -z "$best_manual" ]] || python3 -c "import sys; sys.exit(0 if $m < $best_manual else 1)" && best_manual="$m"
  echo "run $i: ferry ${t}s, manual ${m}s"
done
[[ -f "$WORK/ferry.tar" && -f "$WORK/manual.tar" ]] || fail "a bundle is missing"
# where Ferry's time goes: resolving only, and a rebuild with every payload already in the cache
plan_only() { ferry bundle plan --spec "$WORK/sync.spec.yaml" --cacert "$TLS/ca.crt" --cache "$WORK/cache" >/dev/null 2>&1; }
warm_run() {
  rm -f "$WORK/warm.tar"
  ferry bundle create --spec "$WORK/sync.spec.yaml" --out "$WORK/warm.tar" --unsigned --cacert "$TLS/ca.crt" --locked \
    --cache "$WORK/cache" --opensearch-key "$WORK/release.asc" >/dev/null 2>&1
}
t_plan="$(seconds plan_only)" || fail "ferry bundle plan failed"
t_warm="$(seconds warm_run)" || fail "the warm rebuild failed"
payload() { tar -tvf "$1" | awk '{s += $3} END {print s}'; }
echo
echo "content: 2 x ${DB_MB} MiB DB, a 32 MiB plugin, 3 x 4 MiB drivers (ferry bundle $(payload "$WORK/ferry.tar") bytes, manual $(payload "$WORK/manual.tar") bytes)"
echo "ferry bundle create --spec: ${best_ferry}s   skopeo + curl + checks + bundle create: ${best_manual}s"
echo "ratio manual/ferry: $(python3 -c "print(f'{$best_manual / $best_ferry:.2f}')")x   (target >= 1.0)"
echo "ferry detail: plan only ${t_plan}s, rebuild with a warm cache (--locked) ${t_warm}s"
