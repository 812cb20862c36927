#!/usr/bin/env bash
# The admin API with real curl: tokens made with `ferry tokens`, refusals that change nothing,
# rollback and the import journal, revocation without restart, HTTPS with a client certificate
# (mutual TLS, client certificate made with openssl from the local CA), and every request audited.
source "$(dirname "$0")/lib/common.sh"
need curl jq openssl

STORE="$WORK/store"
TOKENS="$WORK/tokens.json"
api() { # api METHOD PATH TOKEN [curl args...] : prints the HTTP status, body to $WORK/body
  local method="$1" path="$2" token="$3"; shift 3
  local auth=()
  [[ -n "$token" ]] && auth=(-H "Authorization: Bearer $token")
  curl -sS -o "$WORK/body" -w '%{http_code}' -X "$method" "${auth[@]}" "$@" "$BASE$path"
}
store_state() { (cd "$STORE" && find . -type f ! -name journal.jsonl ! -name lock -print0 | sort -z | xargs -0 sha256sum); }

step "ferry tokens add / list / revoke keep only hashes, in a 0600 file"
IMPORTER="$(ferry tokens add uploader --scope import --file "$TOKENS" 2>/dev/null)"
ROLLER="$(ferry tokens add operator --scope rollback,read --file "$TOKENS" 2>/dev/null)"
READER="$(ferry tokens add auditor --scope read --file "$TOKENS" 2>/dev/null)"
[[ "$IMPORTER" =~ ^ferry_[A-Za-z0-9_-]{43}$ ]] || fail "unexpected token form: $IMPORTER"
[[ "$(stat -c %a "$TOKENS")" == 600 ]] || fail "token file is not 0600"
grep -q "$IMPORTER" "$TOKENS" && fail "the token itself is stored"
ferry tokens list --file "$TOKENS" --output json | jq -e '[.tokens[].name] == ["uploader","operator","auditor"]' >/dev/null \
  || fail "list: $(ferry tokens list --file "$TOKENS")"
expect_refused "duplicate name" "exists" ferry tokens add uploader --scope read --file "$TOKENS"
expect_refused "unknown scope" "unknown scope" ferry tokens add x --scope everything --file "$TOKENS"
pass "three tokens; the file holds names, scopes and SHA-256 hashes"

step "refused admin requests change nothing and are audited"
make_tree "$WORK/g1" "hello.txt=generation one"
make_tree "$WORK/g2" "hello.txt=generation two"
ferry import --create --store "$STORE" "$WORK/g1" >/dev/null
ferry import --create --store "$STORE" "$WORK/g2" >/dev/null
start_server "$STORE" --config <(printf 'admin:\n  tokens: %s\n  maxUpload: 1MiB\n' "$TOKENS")
before="$(store_state)"
[[ "$(api POST /api/v1/rollback "")" == 401 ]] || fail "no token: $(cat "$WORK/body")"
[[ "$(api POST /api/v1/rollback ferry_not-a-real-token)" == 401 ]] || fail "wrong token"
[[ "$(api POST /api/v1/rollback "$IMPORTER")" == 403 ]] || fail "import token rolled back"
jq -e '.error | contains("lacks the '"'"'rollback'"'"' scope")' "$WORK/body" >/dev/null || fail "reason: $(cat "$WORK/body")"
[[ "$(api POST /api/v1/imports "$READER" --data-binary @"$WORK/g1/hello.txt")" == 403 ]] || fail "read token uploaded"
head -c 2000000 /dev/zero > "$WORK/big"
[[ "$(api POST /api/v1/imports "$IMPORTER" --data-binary @"$WORK/big")" == 413 ]] || fail "oversized upload not refused"
[[ "$(store_state)" == "$before" ]] || fail "a refused request changed the store"
[[ "$(curl -fsS "$BASE/hello.txt")" == "generation two" ]] || fail "serving changed"
pass "401 without or with a wrong token, 403 for the wrong scope, 413 over admin.maxUpload; store unchanged"

step "rollback and the import journal with the right scopes"
[[ "$(api POST /api/v1/rollback "$ROLLER")" == 200 ]] || fail "rollback: $(cat "$WORK/body")"
jq -e '.from == 2 and .generation == 1' "$WORK/body" >/dev/null || fail "rollback answer: $(cat "$WORK/body")"
[[ "$(curl -fsS "$BASE/hello.txt")" == "generation one" ]] || fail "rolled-back generation not served at once"
[[ "$(api GET '/api/v1/imports?limit=10' "$READER")" == 200 ]] || fail "journal: $(cat "$WORK/body")"
jq -e '[.entries[] | select(.action == "import" and .result == "success")] | length == 2' "$WORK/body" >/dev/null \
  || fail "journal lacks the two imports: $(cat "$WORK/body")"
pass "rollback served immediately; GET /api/v1/imports lists the imports"

step "revocation applies to the next request, without restart"
ferry tokens revoke operator --file "$TOKENS" >/dev/null
[[ "$(api POST '/api/v1/rollback?to=2' "$ROLLER")" == 401 ]] || fail "revoked token still accepted"
[[ "$(curl -fsS "$BASE/hello.txt")" == "generation one" ]] || fail "revoked token changed something"
pass "revoked token refused"

step "every admin request is in the journal"
sleep 1 # audit lines are written just after each response
n="$(jq -s '[.[] | select(.action == "admin")] | length' "$STORE/journal.jsonl")"
[[ "$n" == 8 ]] || fail "expected 8 audited admin requests, found $n"
jq -s -e '[.[] | select(.action == "admin" and .details.token == "uploader" and .details.status == "413")] | length == 1' \
  "$STORE/journal.jsonl" >/dev/null || fail "oversized upload not audited with its token"
pass "8 admin requests audited with token name, status and reason"

step "mutual TLS: admin requests over HTTPS need a client certificate from tls.clientCa"
ferry tls init --out "$WORK/pki" --dns localhost >/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/client.key" 2>/dev/null
openssl req -new -key "$WORK/client.key" -subj "/CN=release-admin" -out "$WORK/client.csr" 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' > "$WORK/client.ext"
openssl x509 -req -in "$WORK/client.csr" -CA "$WORK/pki/ca.crt" -CAkey "$WORK/pki/ca.key" -CAcreateserial -days 2 \
  -extfile "$WORK/client.ext" -out "$WORK/client.crt" 2>/dev/null
cat > "$WORK/mtls.yaml" <<YAML
tls:
  cert: $WORK/pki/server.crt
  key: $WORK/pki/server.key
  port: 0
  clientCa: $WORK/pki/ca.crt
admin:
  tokens: $TOKENS
  clientCertificate: true
YAML
start_server "$STORE" --config "$WORK/mtls.yaml"
HTTPS="https://localhost:$HTTPS_PORT"
code="$(curl -sS -o "$WORK/body" -w '%{http_code}' --cacert "$WORK/pki/ca.crt" -H "Authorization: Bearer $READER" "$HTTPS/api/v1/imports")"
[[ "$code" == 403 ]] || fail "no client certificate: $code $(cat "$WORK/body")"
code="$(curl -sS -o "$WORK/body" -w '%{http_code}' --cacert "$WORK/pki/ca.crt" --cert "$WORK/client.crt" --key "$WORK/client.key" \
  -H "Authorization: Bearer $READER" "$HTTPS/api/v1/imports")"
[[ "$code" == 200 ]] || fail "with a client certificate: $code $(cat "$WORK/body")"
[[ "$(curl -fsS --cacert "$WORK/pki/ca.crt" "$HTTPS/hello.txt")" == "generation one" ]] || fail "file clients need no certificate"
sleep 1
jq -s -e '[.[] | select(.action == "admin" and .details.clientCertificate == "CN=release-admin")] | length == 1' \
  "$STORE/journal.jsonl" >/dev/null || fail "client certificate not audited"
pass "admin needs the client certificate; file downloads do not; the certificate subject is audited"
