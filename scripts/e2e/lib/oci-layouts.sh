# Builds OCI image layouts from scratch (jq, sha256sum, tar, gzip): images, multi-platform
# indexes and Trivy-DB-shaped artifacts with the real media types. Source it after common.sh.

OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
OCI_INDEX=application/vnd.oci.image.index.v1+json
TRIVY_CONFIG=application/vnd.aquasec.trivy.config.v1+json
TRIVY_DB_LAYER=application/vnd.aquasec.trivy.db.layer.v1.tar+gzip
TRIVY_JAVADB_LAYER=application/vnd.aquasec.trivy.javadb.layer.v1.tar+gzip

# layout_init DIR : an empty layout.
layout_init() {
  mkdir -p "$1/blobs/sha256"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$1/oci-layout"
  printf '{"schemaVersion":2,"mediaType":"%s","manifests":[]}' "$OCI_INDEX" > "$1/index.json"
}

# layout_blob DIR FILE : stores FILE as a blob; prints a descriptor body {"digest","size"}.
layout_blob() {
  local hex size
  hex="$(sha256sum "$2" | cut -d' ' -f1)"
  size="$(stat -c %s "$2")"
  cp "$2" "$1/blobs/sha256/$hex"
  jq -cn --arg d "sha256:$hex" --argjson s "$size" '{digest:$d,size:$s}'
}

# layout_tag DIR DESCRIPTOR-JSON [REF-NAME] : lists a descriptor in index.json (tagged when REF-NAME is given).
layout_tag() {
  local dir="$1" desc="$2" ref="${3:-}"
  if [[ -n "$ref" ]]; then desc="$(jq -c --arg r "$ref" '.annotations["org.opencontainers.image.ref.name"]=$r' <<<"$desc")"; fi
  jq -c --argjson d "$desc" '.manifests += [$d]' "$dir/index.json" > "$dir/index.json.new"
  mv "$dir/index.json.new" "$dir/index.json"
}

# layout_json DIR MEDIATYPE JSON : stores a JSON document (compact, as registries see it); prints its descriptor.
layout_json() {
  local tmp="$WORK/json.$RANDOM"
  jq -cj . <<<"$3" > "$tmp"
  jq -c --arg m "$2" '{mediaType:$m} + .' <<<"$(layout_blob "$1" "$tmp")"
}

# layout_image DIR ARCH CONTENT : a one-layer linux image; prints its manifest descriptor (with platform).
layout_image() {
  local dir="$1" arch="$2" src="$WORK/img.$RANDOM"
  mkdir -p "$src/rootfs/etc"
  printf '%s\n' "$3" > "$src/rootfs/etc/motd"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$src/rootfs" -cf "$src/layer.tar" etc
  gzip -n -c "$src/layer.tar" > "$src/layer.tar.gz"
  local diff layer config
  diff="sha256:$(sha256sum "$src/layer.tar" | cut -d' ' -f1)"
  layer="$(jq -c '{mediaType:"application/vnd.oci.image.layer.v1.tar+gzip"} + .' <<<"$(layout_blob "$dir" "$src/layer.tar.gz")")"
  config="$(layout_json "$dir" application/vnd.oci.image.config.v1+json "$(jq -n --arg a "$arch" --arg d "$diff" \
    '{architecture:$a,os:"linux",config:{Cmd:["/bin/true"]},rootfs:{type:"layers",diff_ids:[$d]},history:[{created_by:"ferry e2e"}]}')")"
  layout_json "$dir" "$OCI_MANIFEST" "$(jq -n --arg t "$OCI_MANIFEST" --argjson c "$config" --argjson l "$layer" \
    '{schemaVersion:2,mediaType:$t,config:$c,layers:[$l]}')" | jq -c --arg a "$arch" '. + {platform:{architecture:$a,os:"linux"}}'
}

# layout_index DIR DESCRIPTOR... : an image index over the given manifests; prints its descriptor.
layout_index() {
  local dir="$1"; shift
  local list; list="$(printf '%s\n' "$@" | jq -cs .)"
  layout_json "$dir" "$OCI_INDEX" "$(jq -n --arg t "$OCI_INDEX" --argjson m "$list" '{schemaVersion:2,mediaType:$t,manifests:$m}')"
}

# trivy_db_archive OUT DBFILE VERSION UPDATED NEXT : a db.tar.gz as the upstream Makefile builds it (db first, metadata.json last).
trivy_db_archive() {
  local out="$1" dbfile="$2" version="$3" src="$WORK/trivy.$RANDOM"
  mkdir -p "$src"
  head -c 300000 /dev/urandom > "$src/$dbfile"
  jq -cn --argjson v "$version" --arg u "$4" --arg n "$5" \
    '{Version:$v,NextUpdate:$n,UpdatedAt:$u,DownloadedAt:"0001-01-01T00:00:00Z"}' > "$src/metadata.json"
  tar --mtime=@0 -C "$src" -czf "$out" "$dbfile" metadata.json
}

# layout_trivy DIR LAYER-MEDIATYPE TITLE ARCHIVE : the artifact `oras push --artifact-type` makes (empty config); prints its descriptor.
layout_trivy() {
  local dir="$1" empty="$WORK/empty.json" layer config
  printf '{}' > "$empty"
  config="$(jq -c '{mediaType:"application/vnd.oci.empty.v1+json"} + . + {data:"e30="}' <<<"$(layout_blob "$dir" "$empty")")"
  layer="$(jq -c --arg m "$2" --arg t "$3" '{mediaType:$m} + . + {annotations:{"org.opencontainers.image.title":$t}}' \
    <<<"$(layout_blob "$dir" "$4")")"
  layout_json "$dir" "$OCI_MANIFEST" "$(jq -n --arg t "$OCI_MANIFEST" --arg a "$TRIVY_CONFIG" --argjson c "$config" --argjson l "$layer" \
    '{schemaVersion:2,mediaType:$t,artifactType:$a,config:$c,layers:[$l],annotations:{"org.opencontainers.image.created":"2026-11-26T06:00:00Z"}}')"
}
