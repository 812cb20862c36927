#!/usr/bin/env bash
# Constant memory: a 1 GiB bundle is created, verified and imported by JVMs limited to a 64 MiB
# heap (-Xmx64m), and the imported content is byte-identical. Memory use must not grow with the
# bundle's size: an OutOfMemoryError ends the JVM and fails this script.
source "$(dirname "$0")/lib/common.sh"
need sha256sum zstd
free_mib=$(( $(df -Pk "$WORK" | awk 'NR == 2 { print $4 }') / 1024 ))
(( free_mib > 4096 )) || fail "needs 4 GiB free in $WORK, has $free_mib MiB"
export FERRY_JAVA_OPTS="-Xmx64m -XX:+ExitOnOutOfMemoryError"

step "a 1 GiB tree, bundled with zstd under -Xmx64m"
mkdir "$WORK/tree"
for i in 1 2 3; do head -c 320M /dev/urandom > "$WORK/tree/random-$i.bin"; done
head -c 80M /dev/urandom | base64 -w 100 > "$WORK/tree/text.txt"   # compressible, about 108 MiB
checksum_tree "$WORK/tree"
ferry keys generate --name mem --out "$WORK/keys" >/dev/null
mkdir "$WORK/trust" && cp "$WORK/keys/mem.asc" "$WORK/trust/"
ferry bundle create --out "$WORK/big.tar.zst" --zstd --sign-key "$WORK/keys/mem.key" --channel mem "$WORK/tree" >/dev/null
size=$(stat -c %s "$WORK/big.tar.zst")
(( size > 1000000000 )) || fail "bundle is only $size bytes"
pass "bundle of $((size / 1048576)) MiB written with a 64 MiB heap"

step "verified and imported with a 64 MiB heap"
ferry bundle verify --trust "$WORK/trust" "$WORK/big.tar.zst" >/dev/null
ferry import --create --store "$WORK/store" --trust "$WORK/trust" "$WORK/big.tar.zst" | tee "$WORK/import.out"
grep -q "published generation 1" "$WORK/import.out" || fail "import did not publish"
for f in random-1.bin random-3.bin text.txt; do
  hex="$(sha256sum "$WORK/tree/$f" | cut -d' ' -f1)"
  cmp "$WORK/store/blobs/sha256/$hex" "$WORK/tree/$f" || fail "$f differs in the store"
done
pass "1 GiB imported with -Xmx64m; content byte-identical"
