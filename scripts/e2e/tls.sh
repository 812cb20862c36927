#!/usr/bin/env bash
# HTTPS with Ferry's own PKI, as clients inside the gap meet it: `ferry tls init`, then curl
# --cacert and skopeo --cert-dir against `ferry serve --tls-cert/--tls-key`; an untrusting client
# is refused; `ferry tls renew` is picked up by the running server without a restart.
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/oci-layouts.sh"
need curl skopeo openssl jq

PKI="$WORK/pki"
STORE="$WORK/store"
digest_of_image() { jq -r .digest <<<"$image"; }
serial_of() { openssl s_client -connect "127.0.0.1:$HTTPS_PORT" -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -serial; }

step "ferry tls init writes a CA and a server certificate with tight key permissions"
ferry tls init --out "$PKI" --dns localhost --ip 127.0.0.1 > "$WORK/init.txt"
grep -q -- "--cacert" "$WORK/init.txt" && grep -q "SSL_CERT_FILE" "$WORK/init.txt" && grep -q "trustStore" "$WORK/init.txt" \
  || fail "instructions do not cover trivy, falcoctl and OpenSearch: $(cat "$WORK/init.txt")"
for key in ca.key server.key; do
  [[ "$(stat -c %a "$PKI/$key")" == 600 ]] || fail "$key is not mode 0600"
  head -1 "$PKI/$key" | holds "BEGIN PRIVATE KEY" || fail "$key is not PKCS#8"
done
openssl verify -CAfile "$PKI/ca.crt" "$PKI/server.crt" >/dev/null || fail "openssl does not verify the chain"
openssl x509 -in "$PKI/server.crt" -noout -ext subjectAltName | holds "DNS:localhost, IP Address:127.0.0.1" \
  || fail "SANs missing"
expect_refused "a second init over the CA" "already exists" ferry tls init --out "$PKI" --dns localhost
pass "CA and server certificate written; openssl verifies the chain"

step "serve over HTTPS next to plain HTTP; curl --cacert trusts it, curl without does not"
make_tree "$WORK/tree" "hello.txt=hello over tls"
ferry import --create --store "$STORE" "$WORK/tree" >/dev/null
IMG="$WORK/img"; layout_init "$IMG"
image="$(layout_image "$IMG" amd64 "hello over tls")"
layout_tag "$IMG" "$(jq -c 'del(.platform)' <<<"$image")" v1
ferry import --create --store "$STORE" --repository demo/hello "$IMG" >/dev/null
FERRY_TLS_RELOAD_INTERVAL=500ms start_server "$STORE" --tls-cert "$PKI/server.crt" --tls-key "$PKI/server.key" --tls-port 0
[[ -n "$HTTPS_PORT" ]] || fail "no HTTPS listener announced"
for host in localhost 127.0.0.1; do
  [[ "$(curl -fsS --cacert "$PKI/ca.crt" "https://$host:$HTTPS_PORT/hello.txt")" == "hello over tls" ]] \
    || fail "curl --cacert https://$host failed"
done
[[ "$(curl -fsS "$BASE/hello.txt")" == "hello over tls" ]] || fail "plain HTTP listener not serving"
if curl -fsS "https://localhost:$HTTPS_PORT/hello.txt" >/dev/null 2>&1; then fail "curl trusted the server without the CA"; fi
curl -sS --tls-max 1.1 --cacert "$PKI/ca.crt" "https://localhost:$HTTPS_PORT/healthz" >/dev/null 2>&1 \
  && fail "TLS 1.1 was accepted"
openssl s_client -connect "127.0.0.1:$HTTPS_PORT" -tls1_2 -cipher AES128-SHA </dev/null >/dev/null 2>&1 \
  && fail "a non-forward-secret CBC suite was accepted"
pass "curl --cacert reaches https://localhost and https://127.0.0.1; no CA, TLS 1.1 and weak suites refused"

step "skopeo --cert-dir with only the CA pulls over HTTPS; without it, an x509 refusal"
mkdir -p "$WORK/certs.d" && cp "$PKI/ca.crt" "$WORK/certs.d/"
ref="docker://localhost:$HTTPS_PORT/demo/hello:v1"
skopeo inspect --cert-dir "$WORK/certs.d" "$ref" > "$WORK/inspect.json" || fail "skopeo inspect over HTTPS failed"
[[ "$(jq -r .Digest "$WORK/inspect.json")" == "$(digest_of_image)" ]] || fail "skopeo saw another manifest digest"
skopeo copy --quiet --src-cert-dir "$WORK/certs.d" "$ref" "oci:$WORK/pulled:v1" || fail "skopeo copy over HTTPS failed"
cmp <(jq -cS . "$WORK/pulled/blobs/sha256/$(jq -r '.manifests[0].digest' "$WORK/pulled/index.json" | cut -d: -f2)") \
    <(jq -cS . "$IMG/blobs/sha256/$(jq -r .digest <<<"$image" | cut -d: -f2)") || fail "pulled manifest differs"
out="$(skopeo inspect "$ref" 2>&1 || true)"
grep -q "x509: certificate signed by unknown authority" <<<"$out" || fail "skopeo without the CA: $out"
pass "skopeo inspect and copy via https://localhost:$HTTPS_PORT with --cert-dir; refused without the CA"

step "ferry tls renew is served to new connections without a restart"
before="$(serial_of)"
[[ "$before" == "serial=$(openssl x509 -in "$PKI/server.crt" -noout -serial | cut -d= -f2)" ]] || fail "serving an unexpected certificate"
ferry tls renew --dir "$PKI" >/dev/null
after="$(openssl x509 -in "$PKI/server.crt" -noout -serial)"
[[ "$after" != "$before" ]] || fail "renew did not change the certificate"
for i in $(seq 1 100); do [[ "$(serial_of)" == "$after" ]] && break; sleep 0.1; done
[[ "$(serial_of)" == "$after" ]] || fail "server still serves $(serial_of), expected $after"
[[ "$(curl -fsS --cacert "$PKI/ca.crt" "https://localhost:$HTTPS_PORT/hello.txt")" == "hello over tls" ]] \
  || fail "renewed certificate not trusted through the same CA"
pass "new connections get $after; clients keep trusting the same ca.crt"
