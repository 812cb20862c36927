#!/usr/bin/env bash
# The container image build needs no Docker engine: jib buildTar from `scratch` writes a
# docker-save tar, which skopeo reads (user, ports, entrypoint, layers with Ferry's classes and
# dependencies); the same build with that tar as a local base (how a JRE base is supplied
# inside the gap) also works; the Dockerfile for sites with an engine says the same things.
source "$(dirname "$0")/lib/common.sh"
need mvn skopeo jq tar

cd "$E2E_ROOT"
jib() { mvn -B -q -Djib.disableUpdateChecks=true -DskipTests compile jib:buildTar "$@"; }

step "jib buildTar from scratch, no engine and no registry"
jib -Djib.outputPaths.tar="$WORK/scratch.tar" -Djib.to.image=ferry:e2e
skopeo inspect --config docker-archive:"$WORK/scratch.tar" > "$WORK/config.json"
jq -e '.config.User == "10001:10001"' "$WORK/config.json" >/dev/null || fail "not user 10001"
jq -e '.config.ExposedPorts | has("8080/tcp") and has("8443/tcp")' "$WORK/config.json" >/dev/null || fail "ports"
jq -e '.config.Entrypoint | index("-DZstdTempFolder=/tmp") and index("dev.ferry.cli.FerryCommand")' "$WORK/config.json" >/dev/null \
  || fail "entrypoint: $(jq -c .config.Entrypoint "$WORK/config.json")"
jq -e '.config.Cmd == ["serve", "--store", "/var/lib/ferry"]' "$WORK/config.json" >/dev/null || fail "default args"
jq -e '.config.Volumes | has("/var/lib/ferry") and has("/tmp")' "$WORK/config.json" >/dev/null || fail "volumes"
mkdir -p "$WORK/image" && tar --warning=no-unknown-keyword -xf "$WORK/scratch.tar" -C "$WORK/image"
for layer in $(jq -r '.[0].Layers[]' "$WORK/image/manifest.json"); do tar --warning=no-unknown-keyword -tzf "$WORK/image/$layer"; done > "$WORK/files.txt"
grep -q '^app/classes/dev/ferry/cli/FerryCommand.class$' "$WORK/files.txt" || fail "Ferry's classes missing"
grep -q '^app/libs/vertx-core-.*\.jar$' "$WORK/files.txt" || fail "dependencies missing"
grep -q '^app/jib-classpath-file$' "$WORK/files.txt" || fail "classpath file missing"
pass "image tar: user 10001, ports 8080/8443, /tmp for zstd-jni, $(jq '.[0].Layers | length' "$WORK/image/manifest.json") layers"

step "a local tar as the base image, as a JRE base is supplied inside the gap"
jib -Djib.from.image="tar://$WORK/scratch.tar" -Djib.outputPaths.tar="$WORK/on-base.tar" -Djib.to.image=ferry:e2e-on-base
base_layers="$(skopeo inspect docker-archive:"$WORK/scratch.tar" | jq '.Layers | length')"
layers="$(skopeo inspect docker-archive:"$WORK/on-base.tar" | jq '.Layers | length')"
(( layers > base_layers )) || fail "the base's layers were not kept ($layers vs $base_layers)"
pass "built on tar://…: $base_layers base layers + $((layers - base_layers)) of Ferry's"

step "the Dockerfile agrees with the jib image"
df="deploy/container/Dockerfile"
grep -qx 'USER 10001:10001' "$df" || fail "Dockerfile user"
grep -qx 'EXPOSE 8080 8443' "$df" || fail "Dockerfile ports"
grep -q '"-DZstdTempFolder=/tmp"' "$df" || fail "Dockerfile zstd temp dir"
grep -qx 'CMD \["serve", "--store", "/var/lib/ferry"\]' "$df" || fail "Dockerfile default args"
pass "same user, ports, temp dir and default arguments"
