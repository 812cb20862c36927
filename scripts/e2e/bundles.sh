#!/usr/bin/env bash
# Signed bundles across the air gap, end to end with real gpg, GNU tar, zstd and curl: a bundle
# made with `ferry bundle create --gpg-key` from one store imports into an empty store that then
# serves byte-identical files; every single-byte flip is refused by name with the store unchanged;
# split parts, replay and downgrade, unsigned and unknown-key bundles; and a bundle assembled by
# hand from the specification (jq, gpg, GNU tar) is accepted.
source "$(dirname "$0")/lib/common.sh"
need curl jq gpg gpgconf zstd tar cmp sha256sum od dd

export GNUPGHOME="$WORK/gnupg"
mkdir -m 700 "$GNUPGHOME"
trap 'gpgconf --kill gpg-agent 2>/dev/null || true; e2e_cleanup' EXIT
gpg --batch --passphrase '' --quick-gen-key 'Ferry Ops <ops@example.org>' ed25519 sign never 2>/dev/null
TRUST="$WORK/trust"
mkdir "$TRUST"
gpg --export ops@example.org > "$TRUST/ops.gpg"     # binary, exactly as gpg exports it

# store_state STORE : what must not change when an import is refused (journal and lock aside)
store_state() {
  (cd "$1" && find . -type f ! -name journal.jsonl ! -name lock -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum)
}

# flip FILE OFFSET : inverts the lowest bit of one byte in place
flip() {
  local byte
  byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf "$(printf '\\%03o' $((byte ^ 1)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

step "the source side: a store, bundled with gpg as the signer"
SRC="$WORK/source-store"
make_tree "$WORK/tree" "hello.txt=hello across the gap" "driver/7.0.0+driver/x86_64/falco_ubuntu_5.15.0-1049-gcp_57~20.04.1.ko=module bytes"
head -c 3000000 /dev/urandom > "$WORK/tree/big.bin"
checksum_tree "$WORK/tree"
ferry import --create --store "$SRC" "$WORK/tree" >/dev/null
mkdir "$WORK/usb"
ferry bundle create --out "$WORK/usb/content.tar.zst" --zstd --gpg-key ops@example.org --channel demo "$SRC" | tee "$WORK/create.out"
grep -q "signed: gpg key ops@example.org" "$WORK/create.out" || fail "bundle not signed by gpg"
sed -n 's/^  \([0-9a-f]\{64\}  \/.*\)$/\1/p' "$WORK/create.out" | sha256sum -c --quiet || fail "printed sha256 differs: $(cat "$WORK/create.out")"
ferry bundle inspect "$WORK/usb/content.tar.zst" | holds "NOT VERIFIED" || fail "inspect without --trust claims verification"
ferry bundle inspect --trust "$TRUST" "$WORK/usb/content.tar.zst" | holds "verified: .*Ferry Ops" || fail "inspect does not name the signer"
ferry bundle verify --trust "$TRUST" "$WORK/usb/content.tar.zst" | holds "^valid: " || fail "verify did not accept the bundle"
pass "bundle created with gpg --detach-sign, inspected and verified"

step "the air-gapped side: an empty store imports it and serves byte-identical files"
DST="$WORK/gapped-store"
ferry import --create --store "$DST" --trust "$TRUST" "$WORK/usb/content.tar.zst" --output json > "$WORK/import.json"
jq -e ".changed and .generation == 1 and .details.signer != null and .details.manifestSha256 != null" "$WORK/import.json" >/dev/null \
  || fail "import report: $(cat "$WORK/import.json")"
start_server "$DST"
curl -fsS "$BASE/hello.txt" | cmp - "$WORK/tree/hello.txt" || fail "hello.txt differs"
curl -fsS "$BASE/big.bin" | cmp - "$WORK/tree/big.bin" || fail "big.bin differs"
curl -fsS "$BASE/driver/7.0.0%2Bdriver/x86_64/falco_ubuntu_5.15.0-1049-gcp_57~20.04.1.ko" \
  | cmp - "$WORK/tree/driver/7.0.0+driver/x86_64/falco_ubuntu_5.15.0-1049-gcp_57~20.04.1.ko" || fail "driver differs"
ferry import --create --store "$DST" --trust "$TRUST" "$WORK/usb/content.tar.zst" --output json | jq -e '.changed == false and .generation == 1' >/dev/null \
  || fail "re-import was not a no-op"
ferry status --store "$DST" | holds "channel demo: bundle" || fail "status does not show the channel"
pass "served byte-identical over HTTP; re-import is a no-op; status shows the channel"

step "flipping any single byte is refused by name and leaves the store unchanged"
before="$(store_state "$DST")"
ferry bundle create --out "$WORK/plain.tar" --gpg-key ops@example.org --channel demo "$SRC" >/dev/null
blocks="$(tar --block-number -tvf "$WORK/plain.tar")"
block_of() { awk -v n="$1" '$NF == n { sub(":", "", $2); print $2; exit }' <<<"$blocks"; }
manifest=$(( ($(block_of manifest.json) + 1) * 512 + 20 ))
signature=$(( ($(block_of manifest.json.sig) + 1) * 512 + 30 ))
sig_header=$(( $(block_of manifest.json.sig) * 512 + 105 ))
big_hex="$(sha256sum "$WORK/tree/big.bin" | cut -d' ' -f1)"
payload=$(( ($(block_of "blobs/sha256/$big_hex") + 1) * 512 + 1000000 ))
padding=$(( $(stat -c %s "$WORK/plain.tar") - 1 ))
check_flip() { # check_flip NAME FILE OFFSET EXPECTED-REASON
  cp "$2" "$WORK/flipped"
  flip "$WORK/flipped" "$3"
  expect_refused "$1 (byte $3)" "$4" ferry import --create --store "$DST" --trust "$TRUST" --kind bundle "$WORK/flipped"
  [[ "$(store_state "$DST")" == "$before" ]] || fail "$1: the store changed"
}
check_flip "manifest byte" "$WORK/plain.tar" "$manifest" "manifest.json.sig: bad signature"
check_flip "signature byte" "$WORK/plain.tar" "$signature" "manifest.json.sig:"
check_flip "tar header byte" "$WORK/plain.tar" "$sig_header" "tar header checksum mismatch"
check_flip "blob payload byte" "$WORK/plain.tar" "$payload" "blobs/sha256/$big_hex: sha256 mismatch"
check_flip "end-of-archive padding byte" "$WORK/plain.tar" "$padding" "end-of-archive marker"
zsize=$(stat -c %s "$WORK/usb/content.tar.zst")
check_flip "compressed stream byte" "$WORK/usb/content.tar.zst" $((zsize / 2)) "flipped: damaged or truncated zstd stream"
check_flip "zstd checksum byte" "$WORK/usb/content.tar.zst" $((zsize - 2)) "zstd stream"
[[ "$(generation_of "$DST")" == 1 ]] || fail "generation moved"
pass "seven flips refused, store byte-for-byte unchanged"

step "split for FAT32-style sticks: parts plus an index with each part's sha256"
mkdir "$WORK/usb2"
ferry bundle create --out "$WORK/usb2/split.tar.zst" --zstd --split 1M --gpg-key ops@example.org --channel split "$SRC" > "$WORK/split.out"
sed -n 's/^  \([0-9a-f]\{64\}  \/.*\)$/\1/p' "$WORK/split.out" | sha256sum -c --quiet || fail "printed part sha256s differ: $(cat "$WORK/split.out")"
[[ "$(sed -n 's/^  sha256 \([0-9a-f]\{64\}\) (the parts concatenated)$/\1/p' "$WORK/split.out")" == "$(cat "$WORK"/usb2/split.tar.zst.[0-9]* | sha256sum | cut -d' ' -f1)" ]] \
  || fail "the whole bundle's sha256 is not the parts' concatenation's"
expect_refused "a missing output folder" "does not exist (is the USB stick mounted?)" \
  ferry bundle create --out "$WORK/no-such-stick/b.tar" --unsigned "$SRC"
ls "$WORK/usb2" | holds 'split.tar.zst.003' || fail "expected at least three parts: $(ls "$WORK/usb2")"
jq -e '.parts | length >= 3 and all(.digest | startswith("sha256:"))' "$WORK/usb2/split.tar.zst.parts.json" >/dev/null || fail "index lacks digests"
(cd "$WORK/usb2" && cat split.tar.zst.0* > "$WORK/rejoined.tar.zst")
ferry bundle verify --trust "$TRUST" "$WORK/rejoined.tar.zst" >/dev/null || fail "parts concatenated are not the bundle"
cp -r "$WORK/usb2" "$WORK/usb3"
mv "$WORK/usb3/split.tar.zst.002" "$WORK/part2"
expect_refused "missing part" "split.tar.zst.002: part 2 of" ferry import --create --store "$DST" --trust "$TRUST" "$WORK/usb3/split.tar.zst.001"
cp "$WORK/part2" "$WORK/usb3/split.tar.zst.002" && flip "$WORK/usb3/split.tar.zst.002" 4096
expect_refused "damaged part" "split.tar.zst.002: sha256 mismatch: the part is damaged" ferry import --create --store "$DST" --trust "$TRUST" "$WORK/usb3/split.tar.zst.001"
[[ "$(store_state "$DST")" == "$before" ]] || fail "a refused split import changed the store"
ferry import --create --store "$DST" --trust "$TRUST" "$WORK/usb2/split.tar.zst.001" | holds "unchanged" || fail "split bundle not imported from its first part"
pass "split bundle imports from its first part; a missing or damaged part is refused"

step "replay and downgrade protection survive rollback"
make_tree "$WORK/v2" "hello.txt=second release"
ferry bundle create --out "$WORK/old.tar" --gpg-key ops@example.org --channel releases "$WORK/tree" >/dev/null
sleep 1
ferry bundle create --out "$WORK/new.tar" --gpg-key ops@example.org --channel releases "$WORK/v2" >/dev/null
ferry import --create --store "$DST" --trust "$TRUST" "$WORK/new.tar" >/dev/null
gen="$(generation_of "$DST")"
expect_refused "older bundle" "replay or downgrade refused" ferry import --create --store "$DST" --trust "$TRUST" "$WORK/old.tar"
ferry rollback --store "$DST" >/dev/null
expect_refused "older bundle after rollback" "replay or downgrade refused" ferry import --create --store "$DST" --trust "$TRUST" "$WORK/old.tar"
ferry import --create --store "$DST" --trust "$TRUST" --allow-downgrade "$WORK/old.tar" >/dev/null || fail "--allow-downgrade did not import"
pass "an older bundle is refused, also after rollback, unless --allow-downgrade"

step "unsigned bundles and unknown keys"
ferry bundle create --out "$WORK/unsigned.tar" --unsigned --channel other "$WORK/v2" >/dev/null
expect_refused "unsigned bundle" "unsigned bundle" ferry import --create --store "$DST" --trust "$TRUST" "$WORK/unsigned.tar"
ferry keys generate --name stranger --out "$WORK/stranger" >/dev/null
ferry bundle create --out "$WORK/stranger.tar" --sign-key "$WORK/stranger/stranger.key" --channel other "$WORK/v2" >/dev/null
expect_refused "unknown key" "signed by unknown key" ferry import --create --store "$DST" --trust "$TRUST" "$WORK/stranger.tar"
ferry import --create --store "$DST" --trust "$TRUST" --allow-unsigned "$WORK/unsigned.tar" >/dev/null || fail "--allow-unsigned did not import"
ferry status --store "$DST" --output json | jq -e '[.recentImports[] | select(.result == "failure")] | length >= 1' >/dev/null \
  || fail "status does not list failed attempts"
pass "unsigned and unknown-key bundles refused; --allow-unsigned accepts the unsigned one"

step "a Ferry key signs, gpg verifies"
ferry keys generate --name release --out "$WORK/keys" >/dev/null
gpg --batch --import "$WORK/keys/release.asc" 2>/dev/null
ferry bundle create --out "$WORK/ferry-signed.tar" --sign-key "$WORK/keys/release.key" --channel ferrykey "$WORK/v2" >/dev/null
mkdir "$WORK/x" && tar -xf "$WORK/ferry-signed.tar" -C "$WORK/x" manifest.json manifest.json.sig
gpg --batch --verify "$WORK/x/manifest.json.sig" "$WORK/x/manifest.json" 2>&1 | holds "Good signature" || fail "gpg rejects Ferry's signature"
pass "gpg --verify accepts the signature of a key made by ferry keys generate"

step "ferry keys list names every trusted key, a Ferry key and a gpg export alike"
LISTED="$WORK/trust-list"
mkdir "$LISTED" && cp "$TRUST/ops.gpg" "$WORK/keys/release.asc" "$LISTED/"
ferry keys list --trust "$LISTED" > "$WORK/keys.out"
[[ "$(wc -l < "$WORK/keys.out")" == 2 ]] || fail "expected two keys: $(cat "$WORK/keys.out")"
for f in ops.gpg release.asc; do  # gpg is the oracle for each file's fingerprint and user id
  fpr="$(gpg --with-colons --show-keys "$LISTED/$f" | awk -F: '$1 == "fpr" && !n++ { print $10 }')"
  uid="$(gpg --with-colons --show-keys "$LISTED/$f" | awk -F: '$1 == "uid" && !n++ { print $10 }')"
  [[ -n "$fpr" && -n "$uid" ]] || fail "gpg cannot read $f"
  grep -F "$fpr " "$WORK/keys.out" | grep -F " valid " | grep -F "$uid" | holds -F "($f)" \
    || fail "$f ($fpr, $uid) not listed as valid: $(cat "$WORK/keys.out")"
  ferry keys list --trust "$LISTED" --output json \
    | jq -e --arg f "$fpr" --arg u "$uid" 'any(.[]; .fingerprint == $f and .status == "valid" and (.userIds | index($u)))' >/dev/null \
    || fail "$f missing from the JSON listing"
done
pass "keys list prints each key's fingerprint, status, user id and file, as gpg sees them"

step "a bundle written by hand from the specification (jq, gpg, GNU tar) is accepted"
HAND="$WORK/hand"
mkdir -p "$HAND/blobs/sha256"
files='{}'; blobs='[]'
for f in hello.txt big.bin; do
  hex="$(sha256sum "$WORK/tree/$f" | cut -d' ' -f1)"; size="$(stat -c %s "$WORK/tree/$f")"
  cp "$WORK/tree/$f" "$HAND/blobs/sha256/$hex"
  files="$(jq -c --arg p "hand/$f" --arg d "sha256:$hex" --argjson s "$size" '. + {($p): {digest: $d, size: $s}}' <<<"$files")"
  blobs="$(jq -c --arg d "sha256:$hex" --argjson s "$size" '. + [{digest: $d, size: $s}]' <<<"$blobs")"
done
jq -cn --argjson files "$files" --argjson blobs "$blobs" --arg created "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  '{format: "ferry.bundle.v1", id: "hand-made-1", channel: "hand", created: $created, creator: "bash", blobs: $blobs, files: $files}' \
  > "$HAND/manifest.json"
gpg --batch --local-user ops@example.org --detach-sign --output "$HAND/manifest.json.sig" "$HAND/manifest.json"
(cd "$HAND" && tar --format=ustar -cf - manifest.json manifest.json.sig blobs/sha256/* | zstd -q --check > "$WORK/hand.tar.zst")
ferry import --create --store "$DST" --trust "$TRUST" "$WORK/hand.tar.zst" >/dev/null || fail "hand-made bundle refused"
wait_generation "$(generation_of "$DST")"
curl -fsS "$BASE/hand/big.bin" | cmp - "$WORK/tree/big.bin" || fail "hand-made bundle content differs"
pass "GNU tar + gpg + zstd produce a bundle Ferry accepts and serves"

step "uploaded over the admin API, a bundle is judged exactly like one from a USB stick"
UP="$WORK/upload-store"
TOKENS="$WORK/tokens.json"
TOKEN="$(ferry tokens add uploader --scope import,read --file "$TOKENS" 2>/dev/null)"
ferry import --create --store "$UP" "$WORK/v2" >/dev/null
start_server "$UP" --trust "$TRUST" --config <(printf 'admin:\n  tokens: %s\n' "$TOKENS")
upload() { curl -sS -o "$WORK/upload.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" --data-binary @"$1" "$BASE/api/v1/imports?name=$(basename "$1")"; }
up_before="$(store_state "$UP")"
[[ "$(upload "$WORK/stranger.tar")" == 422 ]] || fail "unknown-key upload: $(cat "$WORK/upload.json")"
grep -q "signed by unknown key" "$WORK/upload.json" || fail "upload refusal does not name the reason: $(cat "$WORK/upload.json")"
cp "$WORK/usb/content.tar.zst" "$WORK/flipped-upload.tar.zst" && flip "$WORK/flipped-upload.tar.zst" $((zsize / 3))
[[ "$(upload "$WORK/flipped-upload.tar.zst")" == 422 ]] || fail "damaged upload: $(cat "$WORK/upload.json")"
[[ "$(store_state "$UP")" == "$up_before" ]] || fail "a refused upload changed the store"
[[ "$(upload "$WORK/usb/content.tar.zst")" == 200 ]] || fail "upload refused: $(cat "$WORK/upload.json")"
wait_generation 2
curl -fsS "$BASE/big.bin" | cmp - "$WORK/tree/big.bin" || fail "uploaded content differs"
pass "unknown-key and damaged uploads answered 422 with the reason, store unchanged; the signed bundle was published"

step "a delta bundle made with --base carries only what the target lacks"
DELTA="$WORK/delta-store"
ferry import --create --store "$DELTA" --trust "$TRUST" "$WORK/usb/content.tar.zst" >/dev/null
cp -r "$WORK/tree" "$WORK/tree3" && rm "$WORK/tree3/SHA256SUMS"
head -c 1000000 /dev/urandom > "$WORK/tree3/new.bin"
checksum_tree "$WORK/tree3"
ferry bundle create --out "$WORK/delta.tar" --base "$DELTA" --gpg-key ops@example.org --channel delta "$WORK/tree3" >/dev/null
ferry bundle inspect --output json "$WORK/delta.tar" > "$WORK/delta.json"
full_files="$(ferry bundle inspect --output json "$WORK/usb/content.tar.zst" | jq .files)"
jq -e --argjson n "$full_files" '.base.generation == 1 and .blobs == 1 and .files == $n + 1 and .payloadBytes == 1000000' "$WORK/delta.json" >/dev/null \
  || fail "delta manifest: $(cat "$WORK/delta.json")"
(( $(stat -c %s "$WORK/delta.tar") < 1100000 )) || fail "delta is $(stat -c %s "$WORK/delta.tar") bytes: it carries the base's blobs"
expect_refused "delta on another base" "delta base mismatch" ferry import --create --store "$WORK/other-store" --trust "$TRUST" "$WORK/delta.tar"
ferry import --create --store "$DELTA" --trust "$TRUST" "$WORK/delta.tar" >/dev/null || fail "delta refused by its base store"
start_server "$DELTA"
for f in hello.txt big.bin new.bin; do
  curl -fsS "$BASE/$f" | cmp - "$WORK/tree3/$f" || fail "$f differs after the delta"
done
curl -fsS "$BASE/driver/7.0.0%2Bdriver/x86_64/falco_ubuntu_5.15.0-1049-gcp_57~20.04.1.ko" \
  | cmp - "$WORK/tree/driver/7.0.0+driver/x86_64/falco_ubuntu_5.15.0-1049-gcp_57~20.04.1.ko" || fail "driver differs after the delta"
pass "the delta holds one blob, is refused elsewhere, and its store serves old and new files byte-identical"
