#!/usr/bin/env bash
# Bundle import throughput against two references measured on the same file in the same run:
#   disk   `zstd -dc BUNDLE > OUT && sync`   decompress and write: the disk-bound limit
#   hash   `openssl dgst -sha256 BUNDLE`     hashing with SHA-NI (coreutils sha256sum is far slower)
#   ferry  `ferry import --store S --trust T BUNDLE` into an empty store (verify signature, decompress,
#          hash and size-check every blob, write, fsync, publish)
# Usage: scripts/bench/import.sh [SIZE_MIB (default 2048)] [RUNS (default 3)]. Best of RUNS is reported.
# Needs about 3.5 x SIZE of free space in ${BENCH_DIR:-/tmp}; everything generated is deleted afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
SIZE_MIB="${1:-2048}"
RUNS="${2:-3}"
FERRY="$here/scripts/ferry"
for c in zstd openssl java; do command -v "$c" >/dev/null || { echo "missing: $c" >&2; exit 2; }; done
ROOT="${BENCH_DIR:-/tmp}"
free_mib=$(( $(df -Pk "$ROOT" | awk 'NR == 2 { print $4 }') / 1024 ))
(( free_mib > SIZE_MIB * 7 / 2 )) || { echo "need $((SIZE_MIB * 7 / 2)) MiB free in $ROOT, have $free_mib" >&2; exit 2; }
WORK="$(mktemp -d "$ROOT/ferry-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "generating a ${SIZE_MIB} MiB tree (half random, half base64 text) and bundling it with zstd"
mkdir "$WORK/tree"
files=$(( SIZE_MIB / 256 )); (( files >= 2 )) || files=2
each=$(( SIZE_MIB / files ))
for i in $(seq 1 "$files"); do
  if (( i % 2 )); then head -c "${each}M" /dev/urandom > "$WORK/tree/random-$i.bin"
  else head -c $(( each * 786432 )) /dev/urandom | base64 -w 76 > "$WORK/tree/text-$i.txt"; fi
done
(cd "$WORK/tree" && sha256sum -- * > SHA256SUMS)
"$FERRY" keys generate --name bench --out "$WORK/keys" >/dev/null
mkdir "$WORK/trust" && cp "$WORK/keys/bench.asc" "$WORK/trust/"
"$FERRY" bundle create --out "$WORK/bundle.tar.zst" --zstd --sign-key "$WORK/keys/bench.key" "$WORK/tree" >/dev/null
rm -rf "$WORK/tree"
bundle_bytes=$(stat -c %s "$WORK/bundle.tar.zst")
tar_bytes=$(zstd -lv "$WORK/bundle.tar.zst" 2>/dev/null | awk '/Decompressed Size/ { gsub(/[(),]/, ""); for (i = 1; i <= NF; i++) if ($i == "B") print $(i - 1) }' | head -1)
[[ -n "$tar_bytes" ]] || tar_bytes=$(zstd -dc "$WORK/bundle.tar.zst" | wc -c)
cat "$WORK/bundle.tar.zst" > /dev/null   # every run reads the bundle from the page cache

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'; }
best() { printf '%s\n' "$@" | sort -g | head -1; }
disk_run() { zstd -q -dc "$WORK/bundle.tar.zst" > "$WORK/out.tar" && sync; }
ferry_run() { "$FERRY" import --create --store "$WORK/store" --trust "$WORK/trust" "$WORK/bundle.tar.zst"; }
disk=(); hash=(); imp=()
for run in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/out.tar" "$WORK/store"; sync
  disk+=("$(seconds disk_run)")
  rm -f "$WORK/out.tar"; sync
  hash+=("$(seconds openssl dgst -sha256 "$WORK/bundle.tar.zst")")
  imp+=("$(seconds ferry_run)")
  echo "run $run: disk ${disk[-1]} s, hash ${hash[-1]} s, ferry ${imp[-1]} s"
done
d=$(best "${disk[@]}"); h=$(best "${hash[@]}"); f=$(best "${imp[@]}")
mbps() { awk -v b="$tar_bytes" -v t="$1" 'BEGIN { printf "%d", b / t / 1000000 }'; }
echo
echo "bundle: $((bundle_bytes / 1048576)) MiB zstd, $((tar_bytes / 1048576)) MiB of tar; best of $RUNS; MB/s of decompressed tar"
printf '%-48s %6.2f s %6s MB/s\n' "zstd -dc BUNDLE > OUT && sync (disk-bound)" "$d" "$(mbps "$d")"
printf '%-48s %6.2f s %6s MB/s\n' "openssl dgst -sha256 BUNDLE" "$h" "$(mbps "$h")"
printf '%-48s %6.2f s %6s MB/s\n' "ferry import (verify, hash, write, fsync)" "$f" "$(mbps "$f")"
awk -v d="$d" -v f="$f" 'BEGIN { printf "ratio ferry / disk-bound reference: %.2f (target >= 0.80)\n", d / f }'
