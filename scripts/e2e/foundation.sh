#!/usr/bin/env bash
# The store's promises end to end with real curl: verified import, byte-identical serving,
# refusals that change nothing, corruption detection, rollback without restart.
source "$(dirname "$0")/lib/common.sh"
need curl jq sha256sum cmp

STORE="$WORK/store"
step "import a checksummed tree"
make_tree "$WORK/v1" "hello.txt=hello from generation 1" "nested/dir/data.bin=binary-ish payload"
head -c 3000000 /dev/urandom > "$WORK/v1/big.bin"
checksum_tree "$WORK/v1"
ferry import --create --store "$STORE" "$WORK/v1"
[[ "$(generation_of "$STORE")" == 1 ]] || fail "expected generation 1"
ferry import --create --store "$STORE" "$WORK/v1" --output json | jq -e '.changed == false and .generation == 1' >/dev/null \
  || fail "re-import was not a no-op"
pass "re-import is a no-op"

step "serve it and download byte-identical files"
start_server "$STORE"
for f in hello.txt nested/dir/data.bin big.bin; do
  curl -fsS "$BASE/$f" -o "$WORK/got" && cmp "$WORK/got" "$WORK/v1/$f" || fail "$f differs"
done
headers="$(curl -fsSI "$BASE/big.bin")"
grep -qi "^content-length: 3000000" <<<"$headers" || fail "HEAD lacks Content-Length"
grep -qi "^etag: \"sha256:$(sha256sum "$WORK/v1/big.bin" | cut -d' ' -f1)\"" <<<"$headers" || fail "ETag is not the digest"
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/missing")" == 404 ]] || fail "miss is not 404"
pass "files served byte-identical, HEAD complete, miss is 404"

step "hostile trees are refused by name and change nothing"
cp -r "$WORK/v1" "$WORK/wrongsum"; echo tampered > "$WORK/wrongsum/hello.txt"
expect_refused "wrong checksum" "hello.txt: sha256 mismatch" ferry import --create --store "$STORE" "$WORK/wrongsum"
cp -r "$WORK/v1" "$WORK/extra"; echo surprise > "$WORK/extra/unlisted.txt"
expect_refused "unlisted file" "unlisted.txt: present but not listed" ferry import --create --store "$STORE" "$WORK/extra"
cp -r "$WORK/v1" "$WORK/link"; ln -s /etc/passwd "$WORK/link/passwd"
expect_refused "symlink" "passwd: symbolic link" ferry import --create --store "$STORE" "$WORK/link"
cp -r "$WORK/v1" "$WORK/dotdot"; echo "$(sha256sum < /etc/hostname | cut -d' ' -f1)  ../../etc/hostname" >> "$WORK/dotdot/SHA256SUMS"
expect_refused "parent traversal" "'..' segment" ferry import --create --store "$STORE" "$WORK/dotdot"
[[ "$(generation_of "$STORE")" == 1 ]] || fail "a refused import changed the generation"
[[ "$(ls "$STORE/blobs/sha256" | wc -l)" == 3 ]] || fail "a refused import left blobs behind"
ferry status --store "$STORE" | holds "last import:.*failure" || fail "status does not show the failed import"
pass "store unchanged after refusals; status shows the failure"

step "a new generation is served without restart, and rollback brings the old one back"
make_tree "$WORK/v2" "hello.txt=hello from generation 2"
ferry import --create --store "$STORE" "$WORK/v2"
wait_generation 2
[[ "$(curl -fsS "$BASE/hello.txt")" == "hello from generation 2" ]] || fail "generation 2 not served"
ferry rollback --store "$STORE"
wait_generation 1
[[ "$(curl -fsS "$BASE/hello.txt")" == "hello from generation 1" ]] || fail "rollback not served"
pass "generation 2 served, then generation 1 again after rollback"

step "a flipped byte in a blob is found by verify"
ferry verify --store "$STORE" >/dev/null || fail "verify not clean before corruption"
blob="$STORE/blobs/sha256/$(sha256sum "$WORK/v1/big.bin" | cut -d' ' -f1)"
flip_byte "$blob" 1000
if out="$(ferry verify --store "$STORE")"; then fail "verify passed a corrupted blob"; fi
grep -q "$(basename "$blob")" <<<"$out" && grep -q "big.bin" <<<"$out" || fail "verify does not name the blob and path: $out"
pass "verify exits 1 naming $(basename "$blob" | cut -c1-12)… and big.bin"
code="$(curl -s -o "$WORK/503.txt" -w '%{http_code}' "$BASE/big.bin")"
[[ "$code" == 503 ]] && grep -q "ferry repair" "$WORK/503.txt" || fail "verify found it damaged, yet big.bin answers $code"
before="$(ferry status --store "$STORE" --output json | jq .generation)"
ferry repair --store "$STORE" --from "$WORK/v1" | holds "restored 1 blobs" || fail "repair did not restore the quarantined blob"
[[ "$(ferry status --store "$STORE" --output json | jq .generation)" == "$before" ]] || fail "repair published a generation"
ferry verify --store "$STORE" >/dev/null || fail "store not clean after the repair"
curl -fsS "$BASE/big.bin" | cmp - "$WORK/v1/big.bin" || fail "repaired blob not served"
pass "verify quarantines the damaged blob at once (503 naming the fix); ferry repair restores it, publishing nothing"

step "gc removes what no kept generation needs"
make_tree "$WORK/v3" "hello.txt=hello from generation 3"
ferry import --create --store "$STORE" "$WORK/v3"
ferry gc --store "$STORE" --keep 1 | holds "deleted 2 generations and 2 blobs" || fail "gc did not collect generations 1 and 2"
ferry verify --store "$STORE" >/dev/null || fail "store not clean after gc"
wait_generation 3
[[ "$(curl -fsS "$BASE/hello.txt")" == "hello from generation 3" ]] || fail "generation 3 not served after gc"
pass "gc kept only generation 3; its content is still served"
