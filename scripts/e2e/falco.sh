#!/usr/bin/env bash
# Falco with real clients: a driver tree of several distros' names is imported without flags,
# packed into a signed bundle with the Falco OCI artifacts and the falcoctl index, imported from
# the bundle and fetched with curl at exactly the URLs falcoctl builds (version url.QueryEscape'd, name raw) and
# the old falco-driver-loader builds (sed s/+/%2B/g over the whole URL), under both repository
# layouts; a missing driver answers 404 and shows up in /api/v1/wanted, the miss metric and
# `ferry wanted`; the served falcoctl index is parsed back with PyYAML and the rules artifact it
# names is pulled with skopeo from the address it names.
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/oci-layouts.sh"
need curl jq skopeo sha256sum tar gzip cmp promtool
PY=python3
[[ -x /usr/bin/python3 ]] && PY=/usr/bin/python3
"$PY" -c 'import yaml' 2>/dev/null || fail "PyYAML is not installed (Debian package python3-yaml); run scripts/install-test-deps.sh"

STORE="$WORK/store"
digest_of() { jq -r .digest <<<"$1"; }
V="7.0.0+driver"
V_QUERY_ESCAPED="$(jq -rn --arg v "$V" '$v | @uri')" # what Go's url.QueryEscape makes of it: 7.0.0%2Bdriver
[[ "$V_QUERY_ESCAPED" == "7.0.0%2Bdriver" ]] || fail "escaping: $V_QUERY_ESCAPED"
DRIVERS=(
  "x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko"
  "x86_64/falco_ubuntu-generic_6.5.0-9-lowlatency_9.1.ko"
  "aarch64/falco_ubuntu-aws_6.5.0-1008-aws_8~22.04.1.ko"
  "x86_64/falco_amazonlinux2_5.10.223-212.873.amzn2.x86_64_1.ko"
  "aarch64/falco_amazonlinux2023_6.1.79-99.164.amzn2023.aarch64_1.ko"
  "x86_64/falco_debian_6.5.3-1~bpo12+1-rt-amd64_1.ko"
  "x86_64/falco_flatcar_3859.0.0_1.ko"
  "x86_64/falco_cos_5.10.68+_1.o"
  "x86_64/falco_rhel_5.14.0-284.11.1.el9_2.x86_64_1.ko"
  "x86_64/falco_centos_3.10.0-1160.el7.x86_64_1.ko"
  "x86_64/falco_bottlerocket_5.10.186_1_1.11.0-aws.ko"
  "x86_64/falco_minikube_5.10.57_1_1.26.0.ko"
)
LEGACY="2aa88dcf6243982697811df4c1b484bcbe9488a2/falco_ubuntu-generic_4.15.0-20-generic_21.ko"

step "a driver tree in the download.falco.org layout, recognised without flags"
TREE="$WORK/tree"
for d in "${DRIVERS[@]}" "$LEGACY"; do
  [[ "$d" == "$LEGACY" ]] && f="$TREE/driver/$d" || f="$TREE/driver/$V/$d"
  mkdir -p "$(dirname "$f")"
  head -c $((20000 + RANDOM)) /dev/urandom > "$f"
done
checksum_tree "$TREE"
DIRECT="$WORK/direct-store"
ferry import --create --store "$DIRECT" "$TREE" >/dev/null
status="$(ferry status --store "$DIRECT")"
grep -q "^falco: *13 drivers" <<<"$status" || fail "status: $status"
grep -q "7.0.0+driver x86_64 kmod: 9" <<<"$status" || fail "status: $status"
ferry status --store "$DIRECT" --output json | jq -e '.falco.drivers | map(.drivers) | add == 13' >/dev/null || fail "status json"
pass "ferry import: $(sed -n 's/^falco: *//p' <<<"$status"), by version/arch/kind"

step "names that do not parse are refused with the reason; --allow-unparsed takes them"
BAD="$WORK/bad"
make_tree "$BAD" "driver/$V/x86_64/falco_ubuntu-generic_5.15.0-52-generic.ko=x"
expect_refused "name without kernel version" "no '_<kernelVersion>' after the kernel release" ferry import --create --store "$DIRECT" "$BAD"
expect_refused "bundling it" "no '_<kernelVersion>' after the kernel release" ferry bundle create --unsigned --out "$WORK/bad.tar" "$BAD"
make_tree "$WORK/bad2" "driver/$V/x86_64/falco_amazonlinux2023_6.1.79-99.164.amzn2023.aarch64_1.ko=x"
expect_refused "arm64 module in the x86_64 directory" "is aarch64 but the file sits in the x86_64 directory" ferry import --create --store "$DIRECT" "$WORK/bad2"
make_tree "$WORK/custom" "driver/$V/x86_64/mydriver_ubuntu-generic_5.15.0-52-generic_58.ko=x"
ferry import --create --store "$WORK/other-store" --allow-unparsed "$WORK/custom" >/dev/null
ferry bundle create --unsigned --allow-unparsed --out "$WORK/custom.tar" "$WORK/custom" >/dev/null
pass "refused by import and by bundle create; --allow-unparsed published (and bundled) the custom-named driver"

step "a falcoctl index (signed entries, as published) and the Falco OCI artifacts it names"
FALCO="$WORK/falco-layout"; layout_init "$FALCO"
mkdir -p "$WORK/rules"; printf -- '- rule: Terminal shell in container\n  desc: demo\n' > "$WORK/rules/falco_rules.yaml"
tar -C "$WORK/rules" -czf "$WORK/falco_rules.yaml.tar.gz" falco_rules.yaml
rcfg="$(layout_json "$FALCO" application/vnd.cncf.falco.rulesfile.config.v1+json \
  '{"name":"falco-rules","version":"5.0.0","dependencies":[],"requirements":[{"name":"engine_version_semver","version":"0.50.0"}]}')"
rlayer="$(jq -c '{mediaType:"application/vnd.cncf.falco.rulesfile.layer.v1+tar.gz"} + . + {annotations:{"org.opencontainers.image.title":"falco_rules.yaml.tar.gz"}}' \
  <<<"$(layout_blob "$FALCO" "$WORK/falco_rules.yaml.tar.gz")")"
rules="$(layout_json "$FALCO" "$OCI_MANIFEST" "$(jq -n --arg t "$OCI_MANIFEST" --argjson c "$rcfg" --argjson l "$rlayer" \
  '{schemaVersion:2,mediaType:$t,config:$c,layers:[$l],annotations:{"org.opencontainers.image.created":"2026-01-01T00:00:00Z"}}')")"
layout_tag "$FALCO" "$rules" "falcosecurity/rules/falco-rules:5"
plugin_for() {
  local arch="$1" cfg lay
  printf 'ELF %s' "$arch" > "$WORK/libcontainer.so"; tar -C "$WORK" -czf "$WORK/plugin-$arch.tar.gz" libcontainer.so
  cfg="$(layout_json "$FALCO" application/vnd.cncf.falco.plugin.config.v1+json '{"name":"container","version":"0.7.1"}')"
  lay="$(jq -c '{mediaType:"application/vnd.cncf.falco.plugin.layer.v1+tar.gz"} + .' <<<"$(layout_blob "$FALCO" "$WORK/plugin-$arch.tar.gz")")"
  layout_json "$FALCO" "$OCI_MANIFEST" "$(jq -n --arg t "$OCI_MANIFEST" --argjson c "$cfg" --argjson l "$lay" '{schemaVersion:2,mediaType:$t,config:$c,layers:[$l]}')" \
    | jq -c --arg a "$arch" '. + {platform:{os:"linux",architecture:$a}}'
}
layout_tag "$FALCO" "$(layout_index "$FALCO" "$(plugin_for amd64)" "$(plugin_for arm64)")" "falcosecurity/plugins/plugin/container:0.7.1"
cat > "$WORK/index.yaml" <<'YAML'
- name: cloudtrail
  type: plugin
  registry: ghcr.io
  repository: falcosecurity/plugins/plugin/cloudtrail
  signature:
    cosign:
        certificate-oidc-issuer: https://token.actions.githubusercontent.com
        certificate-identity-regexp: https://github.com/falcosecurity/plugins/
  description: Reads Cloudtrail JSON logs from files/S3 and injects as events
  keywords:
    - audit
  license: apache-2.0
- name: container
  type: plugin
  registry: ghcr.io
  repository: falcosecurity/plugins/plugin/container
  signature:
    cosign:
        certificate-oidc-issuer: https://token.actions.githubusercontent.com
        certificate-identity-regexp: https://github.com/falcosecurity/plugins/
  description: Container metadata enrichment
- name: falco-rules
  type: rulesfile
  registry: ghcr.io
  repository: falcosecurity/rules/falco-rules
  signature:
    cosign:
        certificate-oidc-issuer: https://token.actions.githubusercontent.com
        certificate-identity-regexp: https://github.com/falcosecurity/rules/
        ignore-tlog: false
  description: Falco rules that are loaded by default
  maintainers:
    - email: cncf-falco-dev@lists.cncf.io
      name: The Falco Authors
YAML
printf -- '- {name: a, type: plugin, registry: r.io, repository: a}\n- {name: a, type: rulesfile, registry: r.io, repository: b}\n' > "$WORK/dup.yaml"
expect_refused "index with a duplicate name" "dup.yaml entry 2 (line 2): duplicate name 'a'" ferry import --create --store "$DIRECT" "$WORK/dup.yaml"
printf -- '- name: x\n  type: plugin\n  registry: https://ghcr.io\n  repository: a\n' > "$WORK/scheme.yaml"
expect_refused "registry with a scheme" "is not host[:port]" ferry import --create --store "$DIRECT" "$WORK/scheme.yaml"
pass "rules artifact and two-platform plugin laid out; hostile indexes refused"

step "done when: all of it comes across in signed bundles and imports from them"
ferry keys generate --name falco-release --out "$WORK/keys" >/dev/null
mkdir "$WORK/trust" "$WORK/usb" && cp "$WORK/keys/falco-release.asc" "$WORK/trust/"
ferry bundle create --out "$WORK/usb/falco.tar.zst" --zstd --sign-key "$WORK/keys/falco-release.key" --channel falco "$TREE" "$FALCO" \
  > "$WORK/bundle.out"
grep -q "26 files, 2 repositories" "$WORK/bundle.out" || fail "bundle: $(cat "$WORK/bundle.out")"
ferry bundle create --out "$WORK/usb/index.tar" --sign-key "$WORK/keys/falco-release.key" --channel falcoctl-index --prefix falcoctl \
  "$WORK/index.yaml" >/dev/null
for b in falco.tar.zst index.tar; do ferry import --create --store "$STORE" --trust "$WORK/trust" "$WORK/usb/$b" >/dev/null; done
status="$(ferry status --store "$STORE")"
grep -q "^falco: *13 drivers, 1 falcoctl index" <<<"$status" || fail "status after the bundles: $status"
ferry status --store "$STORE" --output json | jq -e '.tags >= 2' >/dev/null || fail "the OCI artifacts did not come across"
pass "$(head -1 "$WORK/bundle.out"); imported with --trust: $(sed -n 's/^falco: *//p' <<<"$status")"

start_server "$STORE"
status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

step "done when: every driver answers both layouts with both encodings, byte-identical (GET and HEAD)"
n=0
for d in "${DRIVERS[@]}"; do
  arch="${d%%/*}"; name="${d#*/}"
  for repo in "$BASE/driver" "$BASE"; do
    falcoctl_url="$repo/$V_QUERY_ESCAPED/$arch/$name"                        # distro.go toURL
    loader_url="$(echo "$repo/$V/$arch/$name" | sed s/+/%2B/g)"              # falco-driver-loader
    curl -fsS -A "Go-http-client/1.1" -o "$WORK/got" "$falcoctl_url" || fail "falcoctl URL $falcoctl_url"
    cmp -s "$WORK/got" "$TREE/driver/$V/$d" || fail "bytes differ: $falcoctl_url"
    curl -fsS -L --connect-timeout 5 --max-time 60 --retry 3 -o "$WORK/got" "$loader_url" || fail "loader URL $loader_url"
    cmp -s "$WORK/got" "$TREE/driver/$V/$d" || fail "bytes differ: $loader_url"
    len="$(curl -fsSI "$falcoctl_url" | tr -d '\r' | sed -n 's/^content-length: //Ip')"
    [[ "$len" == "$(stat -c %s "$TREE/driver/$V/$d")" ]] || fail "HEAD Content-Length $len: $falcoctl_url"
    n=$((n + 1))
  done
done
for repo in "$BASE/driver" "$BASE"; do
  curl -fsS -o "$WORK/got" "$repo/$LEGACY" && cmp -s "$WORK/got" "$TREE/driver/$LEGACY" || fail "legacy layout $repo/$LEGACY"
done
[[ "$(status_of "$BASE/driver/$V_QUERY_ESCAPED/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57%7E20.04.1.ko")" == 200 ]] || fail "%7E"
pass "$n driver/layout pairs, each by falcoctl's and the old loader's URL; legacy layout (no arch) too"

step "done when: a driver Ferry lacks is a 404, in /api/v1/wanted and in the miss metric with its labels"
MISSING="falco_ubuntu-generic_5.15.0-91-generic_101~20.04.1.ko"
[[ "$(status_of -A Go-http-client/1.1 "$BASE/driver/$V_QUERY_ESCAPED/x86_64/$MISSING")" == 404 ]] || fail "falcoctl miss not 404"
[[ "$(status_of "$(echo "$BASE/$V/x86_64/$MISSING" | sed s/+/%2B/g)")" == 404 ]] || fail "loader miss not 404"
curl -fsS "$BASE/api/v1/wanted" > "$WORK/wanted.json"
jq -e --arg p "driver/$V/x86_64/$MISSING" '.wanted | length == 1 and .[0].path == $p and .[0].requests == 2
  and .[0].target == "ubuntu-generic" and .[0].kernelRelease == "5.15.0-91-generic" and .[0].kernelVersion == "101~20.04.1"' \
  "$WORK/wanted.json" >/dev/null || fail "wanted: $(cat "$WORK/wanted.json")"
curl -fsS "$BASE/metrics" > "$WORK/metrics"
grep -qF 'ferry_falco_driver_misses_total{arch="x86_64",driver_version="7.0.0+driver",target="ubuntu-generic"} 2.0' "$WORK/metrics" \
  || fail "miss metric: $(grep falco "$WORK/metrics")"
grep -qF 'ferry_falco_drivers{arch="aarch64",driver_version="7.0.0+driver",kind="kmod"} 2.0' "$WORK/metrics" || fail "coverage metric"
grep -qF 'ferry_falco_drivers_wanted 1.0' "$WORK/metrics" || fail "wanted gauge"
[[ "$(ferry wanted --server "$BASE")" == "driver/$V/x86_64/$MISSING" ]] || fail "ferry wanted: $(ferry wanted --server "$BASE")"
[[ "$(ferry wanted --server "$BASE" --output urls)" == "https://download.falco.org/driver/7.0.0%2Bdriver/x86_64/$MISSING" ]] \
  || fail "ferry wanted --output urls"
grep -q "^2 .*ubuntu-generic *driver/$V/x86_64/$MISSING" <<<"$(ferry wanted --server "$BASE" --output table)" || fail "table"
pass "404 twice → one wanted entry (2 requests), metric labels arch/driver_version/target, ferry wanted prints the tree path"

step "the Falco metrics pass promtool's lint (the alert on the miss counter: deploy/prometheus, tested with promtool test rules)"
grep '^ferry_falco\|^# [A-Z]* ferry_falco' "$WORK/metrics" | promtool check metrics || fail "promtool lint flags the Falco metrics"
pass "Falco metrics lint clean"

step "the wanted list is the next input: a tree built from it imports, and the driver is served"
NEXT="$WORK/next"
ferry wanted --server "$BASE" | while read -r p; do mkdir -p "$NEXT/$(dirname "$p")"; printf 'built later' > "$NEXT/$p"; done
checksum_tree "$NEXT"
ferry import --create --store "$STORE" "$NEXT" >/dev/null
wait_generation "$(generation_of "$STORE")"
[[ "$(status_of "$BASE/$V_QUERY_ESCAPED/x86_64/$MISSING")" == 200 ]] || fail "imported driver not served"
[[ "$(ferry wanted --server "$BASE")" == "" ]] || fail "still wanted after import"
# read whole before grep -q: an early exit would break curl's pipe, and pipefail fails the test
grep -qF 'ferry_falco_drivers_wanted 0.0' <<<"$(curl -fsS "$BASE/metrics")" || fail "wanted gauge not back to 0"
pass "imported from the wanted list; nothing is wanted any more"

step "behind admin.protectReads, the wanted list needs a read token (ferry wanted --token-file)"
TOKENS="$WORK/tokens.json"
ferry tokens add falco-reader --scope read --file "$TOKENS" 2>/dev/null > "$WORK/reader.token"
printf 'admin:\n  tokens: %s\n  protectReads: true\n' "$TOKENS" > "$WORK/protected.yaml"
OPEN_BASE="$BASE"; OPEN_PORT="$PORT"
start_server "$STORE" --config "$WORK/protected.yaml"
[[ "$(status_of "$BASE/api/v1/wanted")" == 401 ]] || fail "the wanted list is readable without a token"
[[ "$(status_of "$BASE/driver/$V_QUERY_ESCAPED/x86_64/$MISSING")" == 401 ]] || fail "a driver is readable without a token"
expect_refused "ferry wanted without a token" "answered 401" ferry wanted --server "$BASE"
[[ "$(ferry wanted --server "$BASE" --token-file "$WORK/reader.token" --output json | jq '.wanted | length')" == 0 ]] \
  || fail "ferry wanted --token-file"
BASE="$OPEN_BASE"; PORT="$OPEN_PORT"
pass "401 without a token; ferry wanted --token-file reads it"

step "done when: the served index.yaml points at Ferry's public address (parsed with PyYAML)"
curl -fsS -D "$WORK/index.headers" -o "$WORK/served.yaml" "$BASE/falcoctl/index.yaml"
tr -d '\r' < "$WORK/index.headers" > "$WORK/h"
[[ "$(sed -n 's/^content-length: //Ip' "$WORK/h")" == "$(stat -c %s "$WORK/served.yaml")" ]] || fail "Content-Length"
[[ "$(sed -n 's/^etag: //Ip' "$WORK/h")" == "\"sha256:$(sha256sum < "$WORK/served.yaml" | cut -d' ' -f1)\"" ]] || fail "ETag is not the served bytes' digest"
"$PY" - "$WORK/served.yaml" "127.0.0.1:$PORT" <<'PY' || fail "served index: $(cat "$WORK/served.yaml")"
import sys, yaml
entries = yaml.safe_load(open(sys.argv[1]))
by_name = {e["name"]: e for e in entries}
assert by_name["falco-rules"]["registry"] == sys.argv[2], by_name["falco-rules"]
assert by_name["container"]["registry"] == sys.argv[2], by_name["container"]
assert by_name["cloudtrail"]["registry"] == "ghcr.io", "a repository Ferry lacks keeps its registry"
assert not any("signature" in e for e in entries), "signature blocks removed"
assert by_name["falco-rules"]["maintainers"][0]["name"] == "The Falco Authors"
PY
sha256sum < "$WORK/served.yaml" | cut -d' ' -f1 > "$WORK/served.sum"
[[ "$(curl -fsS "$BASE/falcoctl/index.yaml.sha256" | cut -d' ' -f1)" == "$(cat "$WORK/served.sum")" ]] || fail ".sha256 of the served bytes"
pass "falco-rules and container → 127.0.0.1:$PORT, cloudtrail stays ghcr.io, no signature blocks, ETag/Content-Length of the rewritten bytes"

step "done when: the rules artifact is pulled with skopeo from the address the index names"
ref="$("$PY" -c 'import sys,yaml; e={x["name"]:x for x in yaml.safe_load(open(sys.argv[1]))}["falco-rules"]; print(e["registry"]+"/"+e["repository"])' "$WORK/served.yaml")"
skopeo copy --quiet --src-tls-verify=false --preserve-digests "docker://$ref:5" "oci:$WORK/pulled:5"
[[ "$(jq -r '.manifests[0].digest' "$WORK/pulled/index.json")" == "$(digest_of "$rules")" ]] || fail "manifest digest changed"
pulled_layer="$(jq -r '.layers[0].digest' "$WORK/pulled/blobs/sha256/$(digest_of "$rules" | cut -d: -f2)" | cut -d: -f2)"
tar -xzOf "$WORK/pulled/blobs/sha256/$pulled_layer" falco_rules.yaml | cmp -s - "$WORK/rules/falco_rules.yaml" || fail "rules file differs"
jq -e '.layers[0].mediaType == "application/vnd.cncf.falco.rulesfile.layer.v1+tar.gz"' \
  "$WORK/pulled/blobs/sha256/$(digest_of "$rules" | cut -d: -f2)" >/dev/null || fail "layer media type"
skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:$PORT/falcosecurity/plugins/plugin/container:0.7.1" \
  | jq -e '[.manifests[].platform.architecture] == ["amd64","arm64"]' >/dev/null || fail "plugin index"
pass "skopeo copy docker://$ref:5 → falco_rules.yaml intact; the plugin is a linux/amd64 + linux/arm64 index"

step "with server.publicUrl set, the index names that address whatever Host the client used"
BASE1="$BASE"
start_server "$STORE" --public-url http://fileserver.air-gapped.internal:8080
curl -fsS "$BASE/falcoctl/index.yaml" | "$PY" -c 'import sys,yaml; e={x["name"]:x for x in yaml.safe_load(sys.stdin)}
assert e["falco-rules"]["registry"] == "fileserver.air-gapped.internal:8080", e' || fail "publicUrl not applied"
curl -fsS "$BASE1/falcoctl/index.yaml" | cmp -s - "$WORK/served.yaml" || fail "the first server's index changed"
pass "registry: fileserver.air-gapped.internal:8080"
