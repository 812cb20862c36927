#!/usr/bin/env bash
# A signed bundle uploaded to a running server over HTTPS with `ferry import --server`: only a
# token with the import scope is accepted, the upload is verified like a USB import and shows in
# the journal; tampered, unsigned, oversized and unauthorised uploads change nothing.
source "$(dirname "$0")/lib/common.sh"
need curl jq gpg gpgconf zstd openssl

export GNUPGHOME="$WORK/gnupg"
mkdir -m 700 "$GNUPGHOME"
trap 'gpgconf --kill gpg-agent 2>/dev/null || true; e2e_cleanup' EXIT
gpg --batch --passphrase '' --quick-gen-key 'Ferry Release <release@example.org>' ed25519 sign never 2>/dev/null
mkdir "$WORK/trust" && gpg --export release@example.org > "$WORK/trust/release.gpg"
store_state() { (cd "$1" && find . -type f ! -name journal.jsonl ! -name lock -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum); }

step "outside the gap: a signed bundle (and an unsigned one) from a source store"
make_tree "$WORK/tree" "hello.txt=hello by upload" "driver/7.0.0+driver/x86_64/falco_ubuntu_5.15.0-1049-gcp_57~20.04.1.ko=module"
head -c 2000000 /dev/urandom > "$WORK/tree/big.bin" && checksum_tree "$WORK/tree"
ferry import --create --store "$WORK/src" "$WORK/tree" >/dev/null
ferry bundle create --out "$WORK/signed.tar.zst" --zstd --gpg-key release@example.org --channel demo "$WORK/src" >/dev/null
ferry bundle create --out "$WORK/unsigned.tar.zst" --zstd --unsigned --channel demo "$WORK/src" >/dev/null 2>&1 \
  || fail "cannot make an unsigned bundle"
cp "$WORK/signed.tar.zst" "$WORK/tampered.tar.zst"
offset=$(( $(stat -c %s "$WORK/tampered.tar.zst") / 2 ))
byte=$(od -An -tu1 -j "$offset" -N1 "$WORK/tampered.tar.zst" | tr -d ' ')
printf "$(printf '\\%03o' $((byte ^ 1)))" | dd of="$WORK/tampered.tar.zst" bs=1 seek="$offset" conv=notrunc status=none
cmp -s "$WORK/signed.tar.zst" "$WORK/tampered.tar.zst" && fail "tampering changed nothing"
pass "bundles made: signed, unsigned, tampered"

step "inside the gap: HTTPS server with the admin API"
ferry tls init --out "$WORK/pki" --dns localhost >/dev/null
ferry tokens add uploader --scope import --file "$WORK/tokens.json" > "$WORK/uploader.token" 2>/dev/null
ferry tokens add auditor --scope read --file "$WORK/tokens.json" > "$WORK/auditor.token" 2>/dev/null
cat > "$WORK/ferry.yaml" <<YAML
tls: {cert: $WORK/pki/server.crt, key: $WORK/pki/server.key, port: 0}
admin: {tokens: $WORK/tokens.json, maxUpload: 3MiB}
bundles: {trust: $WORK/trust}
YAML
STORE="$WORK/gapped"
ferry init --store "$STORE" >/dev/null
expect_refused "serving an empty store" "holds nothing to serve" ferry serve --store "$STORE" --port 0
start_server "$STORE" --config "$WORK/ferry.yaml" --allow-empty # uploads fill it
URL="https://localhost:$HTTPS_PORT"
upload() { ferry import --server "$URL" --cacert "$WORK/pki/ca.crt" "$@"; }
empty="$(store_state "$STORE")"

step "refused uploads change nothing"
expect_refused "reader token" "HTTP 403" upload --token-file "$WORK/auditor.token" "$WORK/signed.tar.zst"
echo ferry_not-a-token > "$WORK/wrong.token"
expect_refused "wrong token" "HTTP 401" upload --token-file "$WORK/wrong.token" "$WORK/signed.tar.zst"
expect_refused "tampered bundle" "HTTP 422" upload --token-file "$WORK/uploader.token" "$WORK/tampered.tar.zst"
expect_refused "unsigned bundle" "HTTP 422" upload --token-file "$WORK/uploader.token" "$WORK/unsigned.tar.zst"
head -c 4000000 /dev/urandom > "$WORK/huge.tar.zst"
expect_refused "oversized upload" "HTTP 413" upload --token-file "$WORK/uploader.token" "$WORK/huge.tar.zst"
expect_refused "HTTPS without --cacert" "PKIX" ferry import --server "$URL" --token-file "$WORK/uploader.token" "$WORK/signed.tar.zst"
[[ "$(store_state "$STORE")" == "$empty" ]] || fail "a refused upload changed the store"
pass "store unchanged"

step "the signed bundle, uploaded with the import token, is published and served"
upload --token-file "$WORK/uploader.token" --output json "$WORK/signed.tar.zst" > "$WORK/report.json"
jq -e '.changed and .generation == 1 and .bytes > 2000000' "$WORK/report.json" >/dev/null || fail "report: $(cat "$WORK/report.json")"
wait_generation 1
curl -fsS --cacert "$WORK/pki/ca.crt" "$URL/big.bin" | cmp - "$WORK/tree/big.bin" || fail "big.bin differs"
curl -fsS "$BASE/driver/7.0.0%2Bdriver/x86_64/falco_ubuntu_5.15.0-1049-gcp_57~20.04.1.ko" | holds module || fail "driver not served"
pass "generation 1 from the upload, served byte-identical over HTTPS and HTTP"

step "the journal shows the upload, every attempt is audited"
curl -fsS --cacert "$WORK/pki/ca.crt" -H "Authorization: Bearer $(cat "$WORK/auditor.token")" "$URL/api/v1/imports" > "$WORK/journal.json"
jq -e '[.entries[] | select(.result == "success" and (.source | startswith("upload signed.tar.zst (token uploader")))] | length == 1' \
  "$WORK/journal.json" >/dev/null || fail "journal: $(cat "$WORK/journal.json")"
jq -e '[.entries[] | select(.result == "failure")] | length == 2' "$WORK/journal.json" >/dev/null \
  || fail "the tampered and the unsigned upload are not journaled as failed imports"
sleep 1
jq -s -e '[.[] | select(.action == "admin" and .source == "POST /api/v1/imports")] | length == 6' "$STORE/journal.jsonl" >/dev/null \
  || fail "expected 6 audited uploads: $(jq -s -c '[.[] | select(.action == "admin") | .details.status]' "$STORE/journal.jsonl")"
pass "GET /api/v1/imports lists the upload; 6 upload attempts audited"
