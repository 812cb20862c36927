#!/usr/bin/env bash
# containerd pulling an image of N layers through Ferry as its docker.io mirror, against the same
# pull through Debian's docker-registry holding the same image (pushed with skopeo), same run.
# Each round removes the image (and, with --sync, its content) and pulls it again with
# `ctr content fetch` (no unpack: the snapshotter's work is the same for both and not the
# registry's); the servers take turns and each keeps its best time. Prints the ratio
# registry time / Ferry time (target >= 1.0).
# Usage: FERRY_JAR=target/ferry.jar scripts/bench/mirror.sh [layers=32] [MiB-per-layer=4] [rounds=5]
source "$(dirname "$0")/../e2e/lib/common.sh"
source "$(dirname "$0")/../e2e/lib/oci-layouts.sh"
need containerd ctr skopeo docker-registry jq curl python3
LAYERS="${1:-32}"
LAYER_MB="${2:-4}"
ROUNDS="${3:-5}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { local i; for i in $(seq 1 100); do curl -fsS -o /dev/null "$1" && return 0; sleep 0.1; done; fail "$1 did not answer"; }

step "an image with $LAYERS layers of $LAYER_MB MiB"
L="$WORK/layout"; layout_init "$L"
layers="[]"; diffs="[]"
for i in $(seq 1 "$LAYERS"); do
  head -c $((LAYER_MB << 20)) /dev/urandom > "$WORK/layer"
  d="$(jq -c '{mediaType:"application/vnd.oci.image.layer.v1.tar"} + .' <<<"$(layout_blob "$L" "$WORK/layer")")"
  layers="$(jq -c --argjson d "$d" '. + [$d]' <<<"$layers")"
  diffs="$(jq -c --arg d "$(jq -r .digest <<<"$d")" '. + [$d]' <<<"$diffs")"
done
config="$(layout_json "$L" application/vnd.oci.image.config.v1+json \
  "$(jq -n --argjson d "$diffs" '{architecture:"amd64",os:"linux",rootfs:{type:"layers",diff_ids:$d}}')")"
manifest="$(layout_json "$L" "$OCI_MANIFEST" "$(jq -n --arg t "$OCI_MANIFEST" --argjson c "$config" --argjson l "$layers" \
  '{schemaVersion:2,mediaType:$t,config:$c,layers:$l}')")"
layout_tag "$L" "$manifest" v1

step "Ferry and docker-registry holding the same image"
ferry import --create --store "$WORK/store" --repository docker.io/bench/app "$L" >/dev/null
start_server "$WORK/store"
RPORT="$(free_port)"
cat > "$WORK/registry.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/registry}, delete: {enabled: false}}
http: {addr: 127.0.0.1:$RPORT}
YAML
docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
E2E_PIDS+=("$!")
wait_http "http://127.0.0.1:$RPORT/v2/"
skopeo copy --quiet --dest-tls-verify=false --preserve-digests "oci:$L:v1" "docker://127.0.0.1:$RPORT/bench/app:v1"
ferry mirror config --url "$BASE" --upstreams docker.io --out "$WORK/hosts-ferry" >/dev/null
ferry mirror config --url "http://127.0.0.1:$RPORT" --upstreams docker.io --out "$WORK/hosts-registry" >/dev/null

step "containerd"
CD="$WORK/containerd"; mkdir -p "$CD"
SOCK="$CD/containerd.sock"
cat > "$CD/config.toml" <<EOF
version = 2
root = "$CD/root"
state = "$CD/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
EOF
containerd --config "$CD/config.toml" >"$CD/containerd.log" 2>&1 &
CONTAINERD_PID=$!
E2E_PIDS+=("$CONTAINERD_PID")
for i in $(seq 1 100); do ctr --address "$SOCK" version >/dev/null 2>&1 && break; sleep 0.1; done
CTR=(ctr --address "$SOCK" --namespace bench)
IMAGE=docker.io/bench/app:v1

# pull_seconds HOSTS-DIR : one cold pull of every layer, in seconds
pull_seconds() {
  "${CTR[@]}" images rm --sync "$IMAGE" >/dev/null 2>&1 || true
  local start end
  start="$(date +%s.%N)"
  "${CTR[@]}" content fetch --plain-http --hosts-dir "$1" "$IMAGE" >/dev/null
  end="$(date +%s.%N)"
  [[ "$("${CTR[@]}" images ls | awk -v r="$IMAGE" '$1 == r {print $3}')" == "$(jq -r .digest <<<"$manifest")" ]] \
    || fail "pulled another digest"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
min() { awk -v a="${1:-}" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

step "warm-up, then $ROUNDS rounds"
pull_seconds "$WORK/hosts-ferry/certs.d" >/dev/null
pull_seconds "$WORK/hosts-registry/certs.d" >/dev/null
F=""; R=""
for round in $(seq 1 "$ROUNDS"); do
  f="$(pull_seconds "$WORK/hosts-ferry/certs.d")"; F="$(min "$F" "$f")"
  r="$(pull_seconds "$WORK/hosts-registry/certs.d")"; R="$(min "$R" "$r")"
  echo "round $round: ferry ${f}s, docker-registry ${r}s"
done

kill "$CONTAINERD_PID"; wait "$CONTAINERD_PID" 2>/dev/null || true
step "results: best of $ROUNDS ($LAYERS layers x $LAYER_MB MiB; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo "ferry ${F}s, docker-registry ${R}s"
echo "docker-registry / ferry: $(awk -v a="$R" -v b="$F" 'BEGIN { printf "%.2f", a / b }')x   (target >= 1.0)"
