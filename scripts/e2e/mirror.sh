#!/usr/bin/env bash
# Ferry as the registry mirror of several upstreams at once, with a real containerd: images are
# imported under their upstream host (docker.io/library/…, registry.k8s.io/pause, quay.io/…,
# ghcr.io/… with the same repository path under two upstreams), containerd pulls them through the
# hosts.toml files `ferry mirror config` writes (each upstream's own content, a platform out of a
# multi-arch index, a pull by digest, one over HTTPS with the CA file beside hosts.toml), skopeo
# pulls the explicit and unique-match forms, and an image Ferry lacks ends up in the wanted list
# as an images list line.
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/oci-layouts.sh"
need skopeo curl jq sha256sum tar gzip containerd ctr promtool

STORE="$WORK/store"
digest_of() { jq -r .digest <<<"$1"; }
header() { tr -d '\r' | sed -n "s/^$1: //Ip" | sed -n 1p; }

# image_layout DIR TAG CONTENT : a one-image layout tagged TAG; prints the manifest descriptor.
image_layout() {
  local desc
  layout_init "$1"
  desc="$(layout_image "$1" amd64 "$3" | jq -c 'del(.platform)')"
  layout_tag "$1" "$desc" "$2"
  printf '%s\n' "$desc"
}

step "build images and import them under their upstream hosts"
nginx="$(image_layout "$WORK/nginx" 1.25 "nginx stand-in")"
pause="$(image_layout "$WORK/pause" 3.9 "pause stand-in")"
coredns="$(image_layout "$WORK/coredns" v1.11.1 "coredns stand-in")"
proxy="$(image_layout "$WORK/kube-proxy" v1.30.0 "kube-proxy stand-in")"
quay="$(image_layout "$WORK/quay" v1 "the quay.io build")"
ghcr="$(image_layout "$WORK/ghcr" v1 "the ghcr.io build")"
MULTI="$WORK/multi"; layout_init "$MULTI"
amd64="$(layout_image "$MULTI" amd64 "multi amd64")"
arm64="$(layout_image "$MULTI" arm64 "multi arm64")"
multi="$(layout_index "$MULTI" "$amd64" "$arm64")"
layout_tag "$MULTI" "$multi" 2.0
[[ "$(digest_of "$quay")" != "$(digest_of "$ghcr")" ]] || fail "quay.io and ghcr.io test images must differ"
ferry import --create --store "$STORE" --repository docker.io/library/nginx "$WORK/nginx"
ferry import --store "$STORE" --repository registry.k8s.io/pause "$WORK/pause"
ferry import --store "$STORE" --repository registry.k8s.io/coredns/coredns "$WORK/coredns"
ferry import --store "$STORE" --repository registry.k8s.io/kube-proxy "$WORK/kube-proxy"
ferry import --store "$STORE" --repository quay.io/acme/tool "$WORK/quay"
ferry import --store "$STORE" --repository ghcr.io/acme/tool "$WORK/ghcr"
ferry import --store "$STORE" --repository docker.io/acme/multi "$MULTI"
ferry status --store "$STORE" --output json | jq -e '.generation == 7' >/dev/null || fail "seven imports, seven generations"
status="$(ferry status --store "$STORE")"
grep -qF "images:       docker.io (2), ghcr.io (1), quay.io (1), registry.k8s.io (3)" <<<"$status" || fail "status: $status"
grep -qF "docker.io/acme/multi:2.0  linux/amd64,linux/arm64" <<<"$status" || fail "status platforms: $status"
pass "7 repositories under docker.io, registry.k8s.io, quay.io and ghcr.io; ferry status groups them by upstream"

PKI="$WORK/pki"
ferry tls init --out "$PKI" --ip 127.0.0.1 >/dev/null
start_server "$STORE" --tls-cert "$PKI/server.crt" --tls-key "$PKI/server.key" --tls-port 0

step "ferry mirror config writes hosts.toml per upstream"
ferry mirror config --url "$BASE" --upstreams docker.io,registry.k8s.io,quay.io,ghcr.io --out "$WORK/mirror"
HOSTS="$WORK/mirror/certs.d"
for h in docker.io registry.k8s.io quay.io ghcr.io; do
  grep -qF "[host.\"$BASE\"]" "$HOSTS/$h/hosts.toml" || fail "$h/hosts.toml: $(cat "$HOSTS/$h/hosts.toml")"
done
grep -qF 'server = "https://registry-1.docker.io"' "$HOSTS/docker.io/hosts.toml" || fail "docker.io server"
grep -qF '"index.docker.io": "127.0.0.1:' "$WORK/mirror/trivy-operator-values.yaml" || fail "trivy-operator values"
pass "$(ls "$HOSTS" | tr '\n' ' ')"

step "start containerd (own root, state and socket; native snapshotter; no CRI)"
CD="$WORK/containerd"; mkdir -p "$CD/root" "$CD/state"
SOCK="$CD/containerd.sock"
cat > "$CD/config.toml" <<EOF
version = 2
root = "$CD/root"
state = "$CD/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[debug]
  level = "info"
EOF
containerd --config "$CD/config.toml" >"$CD/containerd.log" 2>&1 &
CONTAINERD_PID=$!
E2E_PIDS+=("$CONTAINERD_PID")
for i in $(seq 1 100); do
  ctr --address "$SOCK" version >/dev/null 2>&1 && break
  sleep 0.1
done
ctr --address "$SOCK" version >/dev/null 2>&1 || { tail -20 "$CD/containerd.log" >&2; fail "containerd did not start"; }
pass "containerd $(ctr --address "$SOCK" version | sed -n 's/^ *Version: *//p' | tail -1) on $SOCK"

CTR=(ctr --address "$SOCK" --namespace ferry-e2e)
pull() { "${CTR[@]}" images pull --plain-http --hosts-dir "$HOSTS" --snapshotter native "$@"; }
listed() { "${CTR[@]}" images ls | awk -v r="$1" '$1 == r {print $3}'; }

step "containerd pulls each upstream's image through Ferry (ns=<upstream host>)"
pull docker.io/library/nginx:1.25 >/dev/null
pull registry.k8s.io/pause:3.9 >/dev/null
pull registry.k8s.io/coredns/coredns:v1.11.1 >/dev/null
pull quay.io/acme/tool:v1 >/dev/null
pull ghcr.io/acme/tool:v1 >/dev/null
[[ "$(listed docker.io/library/nginx:1.25)" == "$(digest_of "$nginx")" ]] || fail "nginx digest: $("${CTR[@]}" images ls)"
[[ "$(listed registry.k8s.io/pause:3.9)" == "$(digest_of "$pause")" ]] || fail "pause digest"
[[ "$(listed registry.k8s.io/coredns/coredns:v1.11.1)" == "$(digest_of "$coredns")" ]] || fail "coredns digest"
[[ "$(listed quay.io/acme/tool:v1)" == "$(digest_of "$quay")" ]] || fail "quay.io got $(listed quay.io/acme/tool:v1)"
[[ "$(listed ghcr.io/acme/tool:v1)" == "$(digest_of "$ghcr")" ]] || fail "ghcr.io got $(listed ghcr.io/acme/tool:v1)"
pass "nginx, pause, coredns and the two acme/tool images, each with its upstream digest (unpacked with the native snapshotter)"

step "a platform out of a multi-arch index, and a pull by digest"
pull --platform linux/arm64 docker.io/acme/multi:2.0 >/dev/null
[[ "$(listed docker.io/acme/multi:2.0)" == "$(digest_of "$multi")" ]] || fail "index digest"
held() { "${CTR[@]}" content ls | awk '{print $1}' | holds -xF "$1"; } # the first column: labels name children too
held "$(digest_of "$arm64")" || fail "the arm64 manifest was not fetched"
held "$(digest_of "$amd64")" && fail "the amd64 manifest was fetched for --platform linux/arm64"
bydigest="docker.io/library/nginx@$(digest_of "$nginx")"
pull "$bydigest" >/dev/null
[[ "$(listed "$bydigest")" == "$(digest_of "$nginx")" ]] || fail "pull by digest: $("${CTR[@]}" images ls)"
"${CTR[@]}" images ls 2>/dev/null # (it complains that the amd64 half, rightly not fetched, has no size)
pass "index $(digest_of "$multi" | cut -c1-19)… with only linux/arm64 fetched; nginx by @sha256"

step "over HTTPS: hosts.toml names Ferry's CA, written beside it"
ferry mirror config --url "https://127.0.0.1:$HTTPS_PORT" --ca "$PKI/ca.crt" --upstreams registry.k8s.io --out "$WORK/mirror-tls"
cmp "$PKI/ca.crt" "$WORK/mirror-tls/certs.d/registry.k8s.io/ferry-ca.crt" || fail "CA not copied beside hosts.toml"
"${CTR[@]}" images pull --hosts-dir "$WORK/mirror-tls/certs.d" --snapshotter native registry.k8s.io/kube-proxy:v1.30.0 >/dev/null \
  || fail "pull over HTTPS with the relative CA path"
[[ "$(listed registry.k8s.io/kube-proxy:v1.30.0)" == "$(digest_of "$proxy")" ]] || fail "kube-proxy digest"
pass "registry.k8s.io/kube-proxy:v1.30.0 over https://127.0.0.1:$HTTPS_PORT, verified with ca = \"ferry-ca.crt\""

step "skopeo: the explicit form /v2/<upstream>/<path>, and a unique match without ns"
src=(--src-tls-verify=false --preserve-digests --quiet)
skopeo copy "${src[@]}" "docker://127.0.0.1:$PORT/quay.io/acme/tool:v1" "oci:$WORK/out-quay:v1"
[[ "$(jq -r '.manifests[0].digest' "$WORK/out-quay/index.json")" == "$(digest_of "$quay")" ]] || fail "explicit quay.io form"
skopeo copy "${src[@]}" "docker://127.0.0.1:$PORT/ghcr.io/acme/tool:v1" "oci:$WORK/out-ghcr:v1"
[[ "$(jq -r '.manifests[0].digest' "$WORK/out-ghcr/index.json")" == "$(digest_of "$ghcr")" ]] || fail "explicit ghcr.io form"
skopeo copy "${src[@]}" "docker://127.0.0.1:$PORT/pause:3.9" "oci:$WORK/out-pause:3.9"
[[ "$(jq -r '.manifests[0].digest' "$WORK/out-pause/index.json")" == "$(digest_of "$pause")" ]] || fail "unique match pause"
raw="$(skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:$PORT/library/nginx:1.25" | sha256sum | cut -d' ' -f1)"
[[ "sha256:$raw" == "$(digest_of "$nginx")" ]] || fail "unique match library/nginx"
pass "quay.io/acme/tool and ghcr.io/acme/tool by the explicit form; pause and library/nginx by unique match"

step "the same path from two upstreams, without ns, is a 404 naming both"
body="$(curl -s -w '\n%{http_code}' "$BASE/v2/acme/tool/manifests/v1")"
[[ "$(tail -1 <<<"$body")" == 404 ]] || fail "ambiguous path: $body"
grep -qF "ghcr.io/acme/tool and quay.io/acme/tool" <<<"$body" || fail "ambiguous message: $body"
pass "$(head -1 <<<"$body" | jq -r '.errors[0].message')"

step "an image Ferry lacks: containerd fails, and the image is wanted"
if timeout 120 "${CTR[@]}" images pull --plain-http --hosts-dir "$HOSTS" --snapshotter native docker.io/library/absent:1.0 \
  >"$WORK/absent.log" 2>&1; then
  fail "pull of an absent image succeeded"
fi
pull_missing_digest="sha256:$(printf 'absent' | sha256sum | cut -d' ' -f1)"
timeout 120 "${CTR[@]}" images pull --plain-http --hosts-dir "$HOSTS" --snapshotter native \
  "quay.io/acme/other@$pull_missing_digest" >/dev/null 2>&1 && fail "pull of an absent digest succeeded"
curl -fsS "$BASE/api/v1/wanted" > "$WORK/wanted.json"
jq -e '.images.wanted | map(.reference) | index("docker.io/library/absent:1.0") != null' "$WORK/wanted.json" >/dev/null \
  || fail "wanted: $(cat "$WORK/wanted.json")"
jq -e '.wanted | type == "array"' "$WORK/wanted.json" >/dev/null || fail "the drivers list moved"
ferry wanted --server "$BASE" --output images > "$WORK/images.list"
grep -qxF "docker.io/library/absent:1.0" "$WORK/images.list" || fail "images list: $(cat "$WORK/images.list")"
grep -qxF "quay.io/acme/other@$pull_missing_digest" "$WORK/images.list" || fail "images list: $(cat "$WORK/images.list")"
ferry wanted --server "$BASE" --output spec > "$WORK/next.spec.yaml"
python3 -c 'import sys, yaml; print("\n".join(yaml.safe_load(open(sys.argv[1]))["images"]["refs"]))' "$WORK/next.spec.yaml" \
  | holds -xF "docker.io/library/absent:1.0" || fail "the next spec lacks the missing image: $(cat "$WORK/next.spec.yaml")"
curl -fsS "$BASE/metrics" > "$WORK/metrics.txt"
grep -q '^ferry_oci_manifest_misses_total{upstream="docker.io"} [1-9]' "$WORK/metrics.txt" || fail "miss metric"
grep '^ferry_oci_manifest\|^# [A-Z]* ferry_oci_manifest' "$WORK/metrics.txt" | promtool check metrics || fail "promtool lint"
pass "$(grep -v '^#' "$WORK/images.list" | tr '\n' ' ')"

step "the catalog page groups images by upstream with platforms and sizes"
curl -fsS "$BASE/" > "$WORK/catalog.html"
for h in docker.io registry.k8s.io quay.io ghcr.io; do
  grep -qF "id=\"upstream-$h\"" "$WORK/catalog.html" || fail "no $h group on the catalog page"
done
grep -qF "linux/amd64, linux/arm64" "$WORK/catalog.html" || fail "index platforms not shown"
grep -qF "docker.io/library/absent:1.0" "$WORK/catalog.html" || fail "wanted image not shown"
curl -fsS "$BASE/api/v1/catalog" | jq -e '.images["docker.io"] | map(select(.references == ["docker.io/acme/multi:2.0"]))[0].platforms
  == ["linux/amd64", "linux/arm64"]' >/dev/null || fail "/api/v1/catalog images"
pass "4 upstream groups, the index's platforms, the wanted image"

step "stop containerd"
kill "$CONTAINERD_PID"
wait "$CONTAINERD_PID" 2>/dev/null || true
pass "containerd stopped"
