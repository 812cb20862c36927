#!/usr/bin/env bash
# The read-only OCI registry with real clients: layouts built here (image, multi-platform index,
# Trivy DB and Java DB artifacts with the real media types, Falco-shaped artifacts) and one written
# by skopeo itself are imported, then pulled back with skopeo (same digests), and with curl sending
# exactly what go-containerregistry (Trivy) and oras-go (falcoctl) send.
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/oci-layouts.sh"
need skopeo curl jq sha256sum tar gzip cmp promtool

GGCR_ACCEPT="application/vnd.docker.distribution.manifest.v1+json,application/vnd.docker.distribution.manifest.v1+prettyjws,application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.index.v1+json"
ORAS_ACCEPT="application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.oci.artifact.manifest.v1+json"
STORE="$WORK/store"
digest_of() { jq -r .digest <<<"$1"; }
header() { tr -d '\r' | sed -n "s/^$1: //Ip" | sed -n 1p; }

step "build layouts: image, multi-platform index, Trivy DB and Java DB"
IMG="$WORK/img"; layout_init "$IMG"
image="$(layout_image "$IMG" amd64 "hello from ferry")"
layout_tag "$IMG" "$(jq -c 'del(.platform)' <<<"$image")" v1
MULTI="$WORK/multi"; layout_init "$MULTI"
multi="$(layout_index "$MULTI" "$(layout_image "$MULTI" amd64 "amd64 build")" "$(layout_image "$MULTI" arm64 "arm64 build")")"
layout_tag "$MULTI" "$multi" "demo/multi:1.0"
TRIVY="$WORK/trivy-db"; layout_init "$TRIVY"
trivy_db_archive "$WORK/db.tar.gz" trivy.db 2 "2026-11-26T06:55:40.1Z" "2026-11-27T06:55:40.1Z"
trivydb="$(layout_trivy "$TRIVY" "$TRIVY_DB_LAYER" db.tar.gz "$WORK/db.tar.gz")"
layout_tag "$TRIVY" "$trivydb" 2
JAVA="$WORK/trivy-java-db"; layout_init "$JAVA"
trivy_db_archive "$WORK/javadb.tar.gz" trivy-java.db 1 "2026-11-25T00:47:02.774253754Z" "2026-11-28T00:47:02.774253254Z"
layout_tag "$JAVA" "$(layout_trivy "$JAVA" "$TRIVY_JAVADB_LAYER" javadb.tar.gz "$WORK/javadb.tar.gz")" 1
pass "layouts built with jq, sha256sum, tar and gzip"

step "skopeo writes a layout (ref name NAME:TAG) and a tar of it; both import"
skopeo copy --quiet "oci:$IMG:v1" "oci:$WORK/by-skopeo:tools/hello:v1"
jq -e '.manifests[0].annotations["org.opencontainers.image.ref.name"] == "tools/hello:v1"' "$WORK/by-skopeo/index.json" >/dev/null \
  || fail "skopeo did not write a NAME:TAG ref name"
ferry import --create --store "$STORE" "$WORK/by-skopeo"
tar -C "$IMG" -cf "$WORK/img.tar" .
ferry import --create --store "$STORE" --repository demo/hello "$WORK/img.tar"
ferry import --create --store "$STORE" "$MULTI"
ferry import --create --store "$STORE" --repository mirror/trivy-db "$TRIVY"
ferry import --create --store "$STORE" --repository mirror/trivy-java-db "$JAVA" --output json | jq -e '.tags == 3' >/dev/null \
  || fail "Java DB import did not publish its tag under three repositories"
ferry import --create --store "$STORE" --repository demo/hello "$WORK/img.tar" --output json | jq -e '.changed == false' >/dev/null \
  || fail "re-import was not a no-op"
pass "directory, skopeo and tar layouts imported; re-import changes nothing"

step "ferry status shows each Trivy DB's UpdatedAt and NextUpdate"
status="$(ferry status --store "$STORE")"
grep -q "trivy-db: *updated 2026-11-26T06:55:40.100Z, next update 2026-11-27T06:55:40.100Z, " <<<"$status" || fail "status: $status"
grep -q "trivy-java-db: updated 2026-11-25T00:47:02.774253754Z, next update 2026-11-28T00:47:02.774253254Z" <<<"$status" || fail "status: $status"
ferry status --store "$STORE" --output json | jq -e '[.status.freshness[].name] == ["trivy-db","trivy-java-db"] and .status.freshness[0].metadata.schemaVersion == "2"' >/dev/null \
  || fail "status json lacks the Trivy DBs"
pass "$(grep -c 'updated' <<<"$status") Trivy DBs with their upstream times"

start_server "$STORE"

step "done when: both Trivy names give the same digest and the artifact's media type"
h1="$(curl -sfI "$BASE/v2/aquasecurity/trivy-db/manifests/2")"
h2="$(curl -sfI "$BASE/v2/aquasec/trivy-db/manifests/latest")"
[[ "$(header Docker-Content-Digest <<<"$h1")" == "$(digest_of "$trivydb")" ]] || fail "aquasecurity/trivy-db:2 digest: $h1"
[[ "$(header Docker-Content-Digest <<<"$h2")" == "$(digest_of "$trivydb")" ]] || fail "aquasec/trivy-db:latest digest: $h2"
[[ "$(header Content-Type <<<"$h1")" == "$OCI_MANIFEST" && "$(header Content-Type <<<"$h2")" == "$OCI_MANIFEST" ]] || fail "media type"
for ref in aquasec/trivy-java-db:1 aquasecurity/trivy-java-db:1; do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' -I "$BASE/v2/${ref%%:*}/manifests/${ref##*:}")" == 200 ]] || fail "$ref missing"
done
[[ "$(curl -s -o /dev/null -w '%{http_code}' -I "$BASE/v2/aquasec/trivy-java-db/manifests/latest")" == 404 ]] || fail "Java DB has a latest tag"
pass "aquasecurity/trivy-db:2 = aquasec/trivy-db:latest = $(digest_of "$trivydb" | cut -c1-19)…, $OCI_MANIFEST"

step "freshness metrics from each DB's metadata.json, per repository and tag (the alerts on them: scripts/e2e/prometheus.sh)"
metrics="$(curl -fsS "$BASE/metrics")"
grep -q '^ferry_trivy_db_next_update_timestamp_seconds{repository="aquasec/trivy-db",tag="2"} 1.7957625401E9' <<<"$metrics" \
  || fail "next update metric: $(grep ferry_trivy <<<"$metrics")"
grep -q '^ferry_trivy_db_updated_timestamp_seconds{repository="mirror/trivy-java-db",tag="1"}' <<<"$metrics" || fail "Java DB updated metric"
grep -q '^ferry_artifact_updated_timestamp_seconds{family="trivy",name="trivy-java-db"}' <<<"$metrics" || fail "artifact updated metric"
grep '^ferry_trivy\|^# [A-Z]* ferry_trivy\|^ferry_oci\|^# [A-Z]* ferry_oci' <<<"$metrics" | promtool check metrics || fail "promtool lint"
pass "ferry_trivy_db_{updated,next_update}_timestamp_seconds for every repository:tag serving a DB"

step "skopeo copies image, multi-platform index and Trivy DB back out, byte-identical"
src=(--src-tls-verify=false --preserve-digests --quiet)
skopeo copy "${src[@]}" "docker://127.0.0.1:$PORT/demo/hello:v1" "oci:$WORK/out-img:v1"
[[ "$(jq -r '.manifests[0].digest' "$WORK/out-img/index.json")" == "$(digest_of "$image")" ]] || fail "image digest changed"
skopeo copy "${src[@]}" "docker://127.0.0.1:$PORT/tools/hello:v1" "oci:$WORK/out-skopeo:v1"
[[ "$(jq -r '.manifests[0].digest' "$WORK/out-skopeo/index.json")" == "$(jq -r '.manifests[0].digest' "$WORK/by-skopeo/index.json")" ]] \
  || fail "skopeo-made layout digest changed"
skopeo copy --all "${src[@]}" "docker://127.0.0.1:$PORT/demo/multi:1.0" "oci:$WORK/out-multi:1.0"
[[ "$(jq -r '.manifests[0].digest' "$WORK/out-multi/index.json")" == "$(digest_of "$multi")" ]] || fail "index digest changed"
for child in $(jq -r '.manifests[].digest' "$MULTI/blobs/sha256/$(digest_of "$multi" | cut -d: -f2)"); do
  cmp "$MULTI/blobs/sha256/${child#sha256:}" "$WORK/out-multi/blobs/sha256/${child#sha256:}" || fail "platform manifest $child differs"
done
skopeo copy "${src[@]}" "docker://127.0.0.1:$PORT/aquasec/trivy-db:2" "oci:$WORK/out-trivy:2"
[[ "$(jq -r '.manifests[0].digest' "$WORK/out-trivy/index.json")" == "$(digest_of "$trivydb")" ]] || fail "Trivy DB digest changed"
cmp "$WORK/db.tar.gz" "$WORK/out-trivy/blobs/sha256/$(sha256sum "$WORK/db.tar.gz" | cut -d' ' -f1)" || fail "db.tar.gz differs"
for ref in demo/hello:v1 demo/multi:1.0 aquasecurity/trivy-db:2; do
  raw="$(skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:$PORT/$ref" | sha256sum | cut -d' ' -f1)"
  want="$(curl -sfI "$BASE/v2/${ref%%:*}/manifests/${ref##*:}" | header Docker-Content-Digest)"
  [[ "sha256:$raw" == "$want" ]] || fail "skopeo inspect --raw of $ref hashes to $raw, registry says $want"
done
skopeo inspect --tls-verify=false "docker://127.0.0.1:$PORT/demo/hello:v1" | jq -e '.Architecture == "amd64"' >/dev/null || fail "skopeo inspect"
pass "skopeo copy/inspect: image, index (--all) and Trivy DB keep their digests"

step "a dropped blob download resumes with Range: bytes=N- (as skopeo reconnects)"
layer="$(sha256sum "$WORK/db.tar.gz" | cut -d' ' -f1)"
url="$BASE/v2/aquasec/trivy-db/blobs/sha256:$layer"
size="$(stat -c %s "$WORK/db.tar.gz")"
head -c 100000 "$WORK/db.tar.gz" > "$WORK/partial"
resp="$(curl -sS -D - -o "$WORK/rest" -H "Range: bytes=100000-" "$url")"
[[ "$(head -1 <<<"$resp" | tr -d '\r')" == "HTTP/1.1 206 Partial Content" ]] || fail "resume not 206: $resp"
[[ "$(header Content-Range <<<"$resp")" == "bytes 100000-$((size - 1))/$size" ]] || fail "Content-Range: $resp"
cat "$WORK/partial" "$WORK/rest" | cmp - "$WORK/db.tar.gz" || fail "resumed download differs"
curl -sS -o "$WORK/partial" -C - "$url" && cmp "$WORK/partial" "$WORK/db.tar.gz" || fail "curl -C - resume differs"
[[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Range: bytes=$size-" "$url")" == 416 ]] || fail "range past the end is not 416"
pass "206 with Content-Range from the offset to the end; curl -C - completes the file; 416 past the end"

step "the requests go-containerregistry (Trivy) sends"
curl -sf -A "trivy/0.58.0" -o /dev/null "$BASE/v2/" || fail "ping"
resp="$(curl -sS -D - -o "$WORK/m.json" -A "trivy/0.58.0" -H "Accept: $GGCR_ACCEPT" "$BASE/v2/aquasec/trivy-db/manifests/2")"
[[ "$(header Content-Type <<<"$resp")" == "$OCI_MANIFEST" ]] || fail "ggcr manifest Content-Type: $resp"
[[ "$(jq -r '.layers | length' "$WORK/m.json")" == 1 && "$(jq -r '.layers[0].mediaType' "$WORK/m.json")" == "$TRIVY_DB_LAYER" ]] || fail "layer"
[[ "$(jq -r '.layers[0].annotations["org.opencontainers.image.title"]' "$WORK/m.json")" == db.tar.gz ]] || fail "title"
ldigest="$(jq -r '.layers[0].digest' "$WORK/m.json")"; lsize="$(jq -r '.layers[0].size' "$WORK/m.json")"
resp="$(curl -sS -D - -o "$WORK/layer" -A "trivy/0.58.0" "$BASE/v2/aquasec/trivy-db/blobs/$ldigest")"
[[ "$(header Content-Length <<<"$resp")" == "$lsize" ]] || fail "blob Content-Length"
[[ "sha256:$(sha256sum < "$WORK/layer" | cut -d' ' -f1)" == "$ldigest" ]] || fail "blob digest"
tar -xzOf "$WORK/layer" metadata.json | jq -e '.Version == 2' >/dev/null || fail "metadata.json in the served layer"
ghead="$(curl -sfI -H "Accept: $GGCR_ACCEPT" "$BASE/v2/aquasecurity/trivy-java-db/manifests/1")"
for h in Content-Type Content-Length Docker-Content-Digest; do [[ -n "$(header "$h" <<<"$ghead")" ]] || fail "HEAD lacks $h"; done
pass "ping 200, manifest with the OCI type, single title-annotated layer, blob size and sha256 as ggcr verifies"

step "the requests oras-go (falcoctl) sends, with Falco-shaped artifacts"
FALCO="$WORK/falco"; layout_init "$FALCO"
printf -- '- rule: demo\n' > "$WORK/falco_rules.yaml"; tar -C "$WORK" -czf "$WORK/rules.tar.gz" falco_rules.yaml
rcfg="$(layout_json "$FALCO" application/vnd.cncf.falco.rulesfile.config.v1+json '{"name":"falco-rules","version":"5.0.0","dependencies":[],"requirements":[{"name":"engine_version_semver","version":"0.50.0"}]}')"
rlayer="$(jq -c '{mediaType:"application/vnd.cncf.falco.rulesfile.layer.v1+tar.gz"} + . + {annotations:{"org.opencontainers.image.title":"falco_rules.yaml.tar.gz"}}' <<<"$(layout_blob "$FALCO" "$WORK/rules.tar.gz")")"
rules="$(layout_json "$FALCO" "$OCI_MANIFEST" "$(jq -n --arg t "$OCI_MANIFEST" --argjson c "$rcfg" --argjson l "$rlayer" '{schemaVersion:2,mediaType:$t,config:$c,layers:[$l]}')")"
layout_tag "$FALCO" "$rules" "falcosecurity/rules/falco-rules:5"
plugin_for() {
  local arch="$1" cfg lay
  printf 'plugin %s' "$arch" > "$WORK/plugin-$arch.so"; tar -C "$WORK" -czf "$WORK/plugin-$arch.tar.gz" "plugin-$arch.so"
  cfg="$(layout_json "$FALCO" application/vnd.cncf.falco.plugin.config.v1+json '{"name":"k8saudit","version":"0.11.0"}')"
  lay="$(jq -c '{mediaType:"application/vnd.cncf.falco.plugin.layer.v1+tar.gz"} + .' <<<"$(layout_blob "$FALCO" "$WORK/plugin-$arch.tar.gz")")"
  layout_json "$FALCO" "$OCI_MANIFEST" "$(jq -n --arg t "$OCI_MANIFEST" --argjson c "$cfg" --argjson l "$lay" '{schemaVersion:2,mediaType:$t,config:$c,layers:[$l]}')" \
    | jq -c --arg a "$arch" '. + {platform:{os:"linux",architecture:$a}}'
}
plugin="$(layout_index "$FALCO" "$(plugin_for amd64)" "$(plugin_for arm64)")"
layout_tag "$FALCO" "$plugin" "falcosecurity/plugins/plugin/k8saudit:0.11"
ferry import --create --store "$STORE" "$FALCO"
wait_generation "$(generation_of "$STORE")"
resp="$(curl -sS -D - -o "$WORK/idx.json" -A falcoctl -H "Accept: $ORAS_ACCEPT" "$BASE/v2/falcosecurity/plugins/plugin/k8saudit/manifests/0.11")"
[[ "$(header Content-Type <<<"$resp")" == "$OCI_INDEX" && -n "$(header Content-Length <<<"$resp")" ]] || fail "oras index: $resp"
child="$(jq -r '.manifests[] | select(.platform.architecture=="arm64") | .digest' "$WORK/idx.json")"
resp="$(curl -sS -D - -o "$WORK/child.json" -A falcoctl -H "Accept: $OCI_MANIFEST" "$BASE/v2/falcosecurity/plugins/plugin/k8saudit/manifests/$child")"
[[ "$(header Content-Type <<<"$resp")" == "$OCI_MANIFEST" && "$(header Docker-Content-Digest <<<"$resp")" == "$child" ]] || fail "platform manifest"
cfg="$(jq -r .config.digest "$WORK/child.json")"
[[ -n "$(curl -sfI -A falcoctl "$BASE/v2/falcosecurity/plugins/plugin/k8saudit/blobs/$cfg" | header Content-Length)" ]] || fail "config HEAD"
curl -sf -A falcoctl "$BASE/v2/falcosecurity/plugins/plugin/k8saudit/blobs/$(jq -r '.layers[0].digest' "$WORK/child.json")" | tar -xzO | holds "plugin arm64" \
  || fail "arm64 plugin layer"
rhead="$(curl -sfI -A falcoctl -H "Accept: $ORAS_ACCEPT" "$BASE/v2/falcosecurity/rules/falco-rules/manifests/5")"
[[ "$(header Docker-Content-Digest <<<"$rhead")" == "$(digest_of "$rules")" ]] || fail "oras HEAD needs Docker-Content-Digest"
curl -sf "$BASE/v2/falcosecurity/rules/falco-rules/tags/list" | jq -e '.tags == ["5"]' >/dev/null || fail "tags/list"
pass "index by tag, arm64 manifest by digest with its exact Accept, config HEAD, layer GET, HEAD with digest"

step "every push or delete is UNSUPPORTED and changes nothing"
before="$(ls "$STORE/blobs/sha256" | wc -l) $(generation_of "$STORE")"
d="$(digest_of "$image")"
for call in "PUT /v2/demo/hello/manifests/v2" "DELETE /v2/demo/hello/manifests/$d" "POST /v2/demo/hello/blobs/uploads/" \
            "PATCH /v2/demo/hello/blobs/uploads/x" "PUT /v2/demo/hello/blobs/uploads/x?digest=$d" "DELETE /v2/demo/hello/blobs/$d" \
            "POST /v2/demo/new/blobs/uploads/?mount=$d&from=demo/hello"; do
  out="$(curl -s -w '\n%{http_code}' -X "${call%% *}" --data-binary '{}' -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' "$BASE${call#* }")"
  [[ "$(tail -1 <<<"$out")" == 405 ]] || fail "$call: $(tail -1 <<<"$out")"
  head -1 <<<"$out" | jq -e '.errors[0].code == "UNSUPPORTED"' >/dev/null || fail "$call: $out"
done
[[ "$(ls "$STORE/blobs/sha256" | wc -l) $(generation_of "$STORE")" == "$before" ]] || fail "a push changed the store"
curl -sf -o /dev/null -H "Accept: $OCI_MANIFEST" "$BASE/v2/demo/hello/manifests/v1" || fail "content gone after push attempts"
pass "7 write calls answered 405 UNSUPPORTED; store and served content unchanged"

step "spec errors, names with slashes, unknown query parameters"
code() { curl -s -o "$WORK/err" -w '%{http_code}' "$@"; }
[[ "$(code "$BASE/v2/nope/manifests/v1")" == 404 ]] && jq -e '.errors[0].code=="NAME_UNKNOWN"' "$WORK/err" >/dev/null || fail NAME_UNKNOWN
[[ "$(code "$BASE/v2/demo/hello/manifests/v9")" == 404 ]] && jq -e '.errors[0].code=="MANIFEST_UNKNOWN"' "$WORK/err" >/dev/null || fail MANIFEST_UNKNOWN
[[ "$(code "$BASE/v2/demo/hello/blobs/sha256:$layer")" == 404 ]] && jq -e '.errors[0].code=="BLOB_UNKNOWN"' "$WORK/err" >/dev/null \
  || fail "a blob of another repository was served"
[[ "$(code "$BASE/v2/demo/hello/blobs/sha256:nothex")" == 400 ]] && jq -e '.errors[0].code=="DIGEST_INVALID"' "$WORK/err" >/dev/null || fail DIGEST_INVALID
[[ "$(code "$BASE/v2/Demo/hello/tags/list")" == 400 ]] && jq -e '.errors[0].code=="NAME_INVALID"' "$WORK/err" >/dev/null || fail NAME_INVALID
[[ "$(code "$BASE/v2/aquasec/trivy-db/manifests/2?ns=mirror.gcr.io")" == 200 ]] || fail "ns parameter not ignored"
[[ "$(code "$BASE/v2/demo/hello/referrers/$d")" == 200 ]] && jq -e '.manifests == []' "$WORK/err" >/dev/null || fail "referrers"
curl -sf "$BASE/v2/_catalog" | jq -e '.repositories | index("falcosecurity/plugins/plugin/k8saudit") != null' >/dev/null || fail "_catalog"
pass "NAME_UNKNOWN, MANIFEST_UNKNOWN, BLOB_UNKNOWN across repositories, DIGEST_INVALID, NAME_INVALID; ns ignored; referrers; _catalog"

step "hostile layouts are refused by entry and reason; the store is unchanged"
before="$(generation_of "$STORE") $(ls "$STORE/blobs/sha256" | wc -l)"
cp -r "$IMG" "$WORK/lie"; jq -c '.manifests[0].size = 10' "$IMG/index.json" > "$WORK/lie/index.json"
expect_refused "size lie" "declared size 10 but" ferry import --create --store "$STORE" --repository x "$WORK/lie"
cp -r "$IMG" "$WORK/link"; ln -s /etc/passwd "$WORK/link/blobs/sha256/passwd"
expect_refused "symlink" "blobs/sha256/passwd: symbolic link" ferry import --create --store "$STORE" --repository x "$WORK/link"
cp -r "$IMG" "$WORK/tamper"; lay="$(jq -r '.layers[0].digest' "$IMG/blobs/sha256/$(digest_of "$image" | cut -d: -f2)" | cut -d: -f2)"
chmod u+w "$WORK/tamper/blobs/sha256/$lay"; printf 'x' | dd of="$WORK/tamper/blobs/sha256/$lay" bs=1 seek=20 conv=notrunc status=none
expect_refused "tampered layer" "sha256 mismatch" ferry import --create --store "$STORE" --repository x "$WORK/tamper"
cp -r "$IMG" "$WORK/alg"; jq -c '.manifests[0].digest = "md5:d41d8cd98f00b204e9800998ecf8427e"' "$IMG/index.json" > "$WORK/alg/index.json"
expect_refused "unknown digest algorithm" "unknown digest algorithm 'md5'" ferry import --create --store "$STORE" --repository x "$WORK/alg"
mkdir -p "$WORK/escape/sub"; cp -r "$IMG"/. "$WORK/escape/sub/"; echo owned > "$WORK/escape/evil"
(cd "$WORK/escape/sub" && tar -cPf "$WORK/escape.tar" oci-layout index.json blobs ../evil)
expect_refused "tar traversal" "../evil: path traversal" ferry import --create --store "$STORE" --repository x "$WORK/escape.tar"
BAD="$WORK/bad-trivy"; layout_init "$BAD"
printf 'not a tarball' > "$WORK/bad.tar.gz"
layout_tag "$BAD" "$(layout_trivy "$BAD" "$TRIVY_DB_LAYER" db.tar.gz "$WORK/bad.tar.gz")" 2
expect_refused "malformed Trivy DB" "not a gzip'd tar" ferry import --create --store "$STORE" --repository x "$BAD"
[[ "$(generation_of "$STORE") $(ls "$STORE/blobs/sha256" | wc -l)" == "$before" ]] || fail "a refused import changed the store"
pass "store unchanged after 6 refusals"

step "over HTTPS with the CA from ferry tls init: skopeo verifies TLS and still gets the same digest"
ferry tls init --out "$WORK/pki" --dns localhost --ip 127.0.0.1 >/dev/null
start_server "$STORE" --tls-cert "$WORK/pki/server.crt" --tls-key "$WORK/pki/server.key" --tls-port 0
mkdir -p "$WORK/certs.d" && cp "$WORK/pki/ca.crt" "$WORK/certs.d/"
skopeo copy --quiet --preserve-digests --src-cert-dir "$WORK/certs.d" "docker://127.0.0.1:$HTTPS_PORT/aquasecurity/trivy-db:2" "oci:$WORK/out-tls:2"
[[ "$(jq -r '.manifests[0].digest' "$WORK/out-tls/index.json")" == "$(digest_of "$trivydb")" ]] || fail "digest over HTTPS"
[[ "$(curl -fsS --cacert "$WORK/pki/ca.crt" -H "Accept: $GGCR_ACCEPT" -o /dev/null -w '%{content_type}' \
  "https://localhost:$HTTPS_PORT/v2/aquasec/trivy-java-db/manifests/1")" == "$OCI_MANIFEST" ]] || fail "ggcr request over HTTPS"
pass "skopeo (TLS verified with ca.crt) and curl --cacert pull the Trivy DBs over HTTPS"
