#!/usr/bin/env bash
# The file side with real clients: curl in the exact URL forms falcoctl and the old driver loader
# send, every response rule (headers, HEAD, 304/412, ranges 206/416, multipart, If-Range),
# `curl -C -` resume, checksum sidecars checked by sha256sum itself, directory listings,
# traversal attempts, limits, HTTP/2, a download done as OpenSearch's plugin installer does it,
# and a download that keeps its bytes while a new generation is published and gc runs.
source "$(dirname "$0")/lib/common.sh"
need curl jq sha256sum cmp openssl java

DRIVER_FILE="falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko"
DRIVER="driver/7.0.0+driver/x86_64/$DRIVER_FILE"
ZIP="plugins/repository-s3-2.19.4.zip"
STORE="$WORK/store"
TREE="$WORK/tree"

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
hdr() { grep -i "^$1:" "$2" | sed -n 1p | cut -d' ' -f2- | tr -d '\r'; }
expect_code() { # expect_code WANT WHAT curl-args...
  local want="$1" what="$2"; shift 2
  local got; got="$(code "$@")"
  [[ "$got" == "$want" ]] || fail "$what: HTTP $got, expected $want"
}

step "publish drivers, a plugin zip, an index, odd names and a big file"
make_tree "$TREE" "falcoctl/index.yaml=- name: falco-rules" "real.bin=real" "real.bin.sha256=a real catalog file wins" \
  "docs/a b+c~d.txt=spaces and plus" "docs/<b>bold<&>.txt=markup" "docs/javascript:alert(1)=colon" "x/neighbour.txt=next door"
mkdir -p "$TREE/$(dirname "$DRIVER")" "$TREE/7.0.0+driver/x86_64" "$TREE/plugins"
head -c 3000000 /dev/urandom > "$TREE/$DRIVER"
cp "$TREE/$DRIVER" "$TREE/7.0.0+driver/x86_64/$DRIVER_FILE"   # the air-gapped guide's layout, repo = server root
head -c 2000000 /dev/urandom > "$TREE/$ZIP"
head -c 32000000 /dev/urandom > "$TREE/big.bin"
checksum_tree "$TREE"
ferry import --create --store "$STORE" "$TREE" >/dev/null
start_server "$STORE"
pass "served on $BASE"

step "falcoctl's exact URL, a raw '+', the old loader's all-escaped form and the repo-at-root layout"
curl -g -fsS "$BASE/driver/7.0.0%2Bdriver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko" | cmp - "$TREE/$DRIVER" \
  || fail "falcoctl URL (%2B) did not return the driver"
curl -g -fsS "$BASE/driver/7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko" | cmp - "$TREE/$DRIVER" \
  || fail "raw + did not return the driver"
curl -g -fsS "$(echo "$BASE/$DRIVER" | sed s/+/%2B/g)" | cmp - "$TREE/$DRIVER" || fail "falco-driver-loader form failed"
curl -g -fsS "$BASE/7.0.0%2Bdriver/x86_64/$DRIVER_FILE" | cmp - "$TREE/$DRIVER" || fail "repo-at-root layout failed"
expect_code 404 "+ read as a space" -g "$BASE/driver/7.0.0%20driver/x86_64/$DRIVER_FILE"
pass "all four URL forms return the driver byte for byte; %20 is not +"

step "every header on GET, the same on HEAD"
url="$BASE/$ZIP"
curl -fsS -D "$WORK/get.h" -o "$WORK/get.b" "$url"
curl -fsS -I "$url" > "$WORK/head.h"
hex="$(sha256sum "$TREE/$ZIP" | cut -d' ' -f1)"
b64="$(openssl dgst -sha256 -binary "$TREE/$ZIP" | openssl base64 -A)"
[[ "$(hdr content-length "$WORK/get.h")" == 2000000 ]] || fail "Content-Length"
[[ "$(hdr content-type "$WORK/get.h")" == application/zip ]] || fail "Content-Type: $(hdr content-type "$WORK/get.h")"
[[ "$(hdr etag "$WORK/get.h")" == "\"sha256:$hex\"" ]] || fail "ETag"
[[ "$(hdr accept-ranges "$WORK/get.h")" == bytes ]] || fail "Accept-Ranges"
[[ "$(hdr repr-digest "$WORK/get.h")" == "sha-256=:$b64:" ]] || fail "Repr-Digest: $(hdr repr-digest "$WORK/get.h") vs $b64"
[[ "$(hdr x-checksum-sha256 "$WORK/get.h")" == "$hex" ]] || fail "X-Checksum-Sha256"
[[ "$(hdr ferry-generation "$WORK/get.h")" == 1 ]] || fail "Ferry-Generation"
[[ "$(hdr last-modified "$WORK/get.h")" =~ ^[A-Z][a-z]{2},\ [0-9]{2}\ [A-Z][a-z]{2}\ [0-9]{4}\ [0-9:]{8}\ GMT$ ]] || fail "Last-Modified"
for h in content-length content-type etag last-modified accept-ranges repr-digest x-checksum-sha256 ferry-generation x-content-type-options; do
  [[ "$(hdr $h "$WORK/get.h")" == "$(hdr $h "$WORK/head.h")" ]] || fail "HEAD differs from GET in $h"
done
cmp "$WORK/get.b" "$TREE/$ZIP" || fail "GET body differs"
pass "Content-Length, Content-Type, ETag, Last-Modified, Accept-Ranges, Repr-Digest, X-Checksum-Sha256, Ferry-Generation; HEAD identical"

step "conditional requests"
etag="$(hdr etag "$WORK/get.h")"; lm="$(hdr last-modified "$WORK/get.h")"
expect_code 304 "If-None-Match" -H "If-None-Match: $etag" "$url"
expect_code 304 "If-None-Match list" -H "If-None-Match: \"other\", $etag" "$url"
expect_code 200 "If-None-Match other" -H 'If-None-Match: "sha256:0000"' "$url"
expect_code 304 "curl -z (If-Modified-Since)" -z "$lm" "$url"
expect_code 200 "If-Modified-Since long ago" -H 'If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT' "$url"
expect_code 412 "If-Match other" -H 'If-Match: "sha256:0000"' "$url"
expect_code 200 "If-Match same" -H "If-Match: $etag" "$url"
expect_code 412 "If-Unmodified-Since long ago" -H 'If-Unmodified-Since: Thu, 01 Jan 1970 00:00:00 GMT' "$url"
curl -sS -D "$WORK/304.h" -o "$WORK/304.b" -H "If-None-Match: $etag" "$url"
[[ "$(hdr etag "$WORK/304.h")" == "$etag" && ! -s "$WORK/304.b" ]] || fail "304 without ETag or with a body"
pass "304 for If-None-Match / If-Modified-Since, 412 for If-Match / If-Unmodified-Since, as nginx"

step "ranges"
curl -fsS -D "$WORK/r.h" -r 100-199 "$url" -o "$WORK/r.b"
grep -q "^HTTP/1.1 206" "$WORK/r.h" || fail "single range not 206"
[[ "$(hdr content-range "$WORK/r.h")" == "bytes 100-199/2000000" ]] || fail "Content-Range $(hdr content-range "$WORK/r.h")"
cmp "$WORK/r.b" <(tail -c +101 "$TREE/$ZIP" | head -c 100) || fail "range bytes differ"
curl -fsS -r 1999000- "$url" | cmp - <(tail -c 1000 "$TREE/$ZIP") || fail "open-ended range"
curl -fsS -r -500 "$url" | cmp - <(tail -c 500 "$TREE/$ZIP") || fail "suffix range"
curl -sS -D "$WORK/416.h" -o /dev/null -r 2000000- "$url"
grep -q "^HTTP/1.1 416" "$WORK/416.h" && [[ "$(hdr content-range "$WORK/416.h")" == "bytes */2000000" ]] || fail "416"
expect_code 200 "If-Range with another tag" -r 0-9 -H 'If-Range: "sha256:0000"' "$url"
expect_code 206 "If-Range with the tag" -r 0-9 -H "If-Range: $etag" "$url"
expect_code 206 "If-Range with the date" -r 0-9 -H "If-Range: $lm" "$url"
curl -fsS -D "$WORK/m.h" -r 0-9,1000-1009 "$url" -o "$WORK/m.b"
[[ "$(hdr content-type "$WORK/m.h")" == "multipart/byteranges; boundary="* ]] || fail "multipart type"
[[ "$(hdr content-length "$WORK/m.h")" == "$(stat -c %s "$WORK/m.b")" ]] || fail "multipart length"
grep -qa "Content-Range: bytes 1000-1009/2000000" "$WORK/m.b" || fail "multipart part"
[[ "$(curl -sS -H 'Range: bytes=oops' "$url" | sha256sum | cut -d' ' -f1)" == "$hex" ]] || fail "malformed Range not ignored"
many="bytes=$(seq -s, 0 2 66 | sed 's/\([0-9]*\)/\1-\1/g')"
expect_code 200 "more than maxRanges ranges" -H "Range: $many" "$url"
pass "206 single/open/suffix, 416 bytes */size, If-Range, multipart/byteranges, malformed and too many → 200"

step "curl -C - resumes a half-downloaded file"
head -c 16000000 "$TREE/big.bin" > "$WORK/resumed.bin"
curl -fsS -C - -o "$WORK/resumed.bin" "$BASE/big.bin"
cmp "$WORK/resumed.bin" "$TREE/big.bin" || fail "resumed file differs"
# a complete file: the server answers 416 (nothing left to send) and curl, without -f, keeps the file as it is
curl -sS -C - -o "$WORK/resumed.bin" "$BASE/big.bin" || fail "resuming a complete file failed"
cmp "$WORK/resumed.bin" "$TREE/big.bin" || fail "complete file changed on resume"
pass "resume completes the file; resuming a complete file is a no-op"

step "checksum sidecars, checked by sha256sum itself"
mkdir -p "$WORK/check" && cd "$WORK/check"
curl -fsS -O "$url" -O "$url.sha256"
[[ "$(cat repository-s3-2.19.4.zip.sha256)" == "$hex  repository-s3-2.19.4.zip" ]] || fail "sidecar format: $(cat ./*.sha256)"
sha256sum -c --strict repository-s3-2.19.4.zip.sha256 >/dev/null || fail "sha256sum -c rejects the sidecar"
cd - >/dev/null
[[ "$(curl -fsS "$BASE/real.bin.sha256")" == "a real catalog file wins" ]] || fail "a real file must win over a sidecar"
expect_code 404 ".sha512 without a known SHA-512" "$url.sha512"
expect_code 404 "sidecar of nothing" "$BASE/missing.zip.sha256"
pass "<file>.sha256 passes sha256sum -c; a real catalog file at that path wins"

step "directory listings"
curl -fsS "$BASE/docs/" > "$WORK/list.html"
grep -q '<title>Index of /docs/</title>' "$WORK/list.html" || fail "listing title"
grep -q '&lt;b&gt;bold&lt;&amp;&gt;.txt' "$WORK/list.html" && ! grep -q '<b>bold' "$WORK/list.html" || fail "names not HTML-escaped"
grep -q 'href="javascript%3Aalert(1)"' "$WORK/list.html" || fail "a ':' name must not become a scheme"
curl -fsS -H 'Accept: application/json' "$BASE/docs/" > "$WORK/list.json"
[[ "$(jq '.entries | length' "$WORK/list.json")" == 3 ]] || fail "JSON listing entries"
while read -r href digest; do  # follow every link exactly as the listing gives it
  [[ "$(curl -fsS "$BASE/docs/$href" | sha256sum | cut -d' ' -f1)" == "${digest#sha256:}" ]] || fail "link $href is broken"
done < <(jq -r '.entries[] | "\(.href) \(.digest)"' "$WORK/list.json")
jq -e '.entries[] | select(.name == "a b+c~d.txt") | .size == 15' "$WORK/list.json" >/dev/null || fail "JSON size"
curl -sS -D "$WORK/301.h" -o /dev/null "$BASE/docs"
grep -q "^HTTP/1.1 301" "$WORK/301.h" && [[ "$(hdr location "$WORK/301.h")" == /docs/ ]] || fail "/docs is not 301 → /docs/"
curl -fsSL "$BASE/driver/7.0.0+driver" | holds 'href="x86_64/"' || fail "curl -L does not reach the listing"
expect_code 404 "listing of nothing" "$BASE/nothing/"
expect_code 404 "file with a slash" "$BASE/real.bin/"
pass "HTML (escaped, encoded links that all work) and JSON listings; /dir → 301 /dir/; nothing outside the catalog"

step "traversal attempts never return a file"
for target in "/x/../real.bin" "/x/%2e%2e/real.bin" "/x/%2E%2E/real.bin" "/x/.%2e/real.bin" "/x/..%2freal.bin" \
    "/%2e%2e%2freal.bin" "/x%5c..%5creal.bin" "/x/..%5creal.bin" '/x/..\real.bin' "/real.bin%00" "/real.bin%00.txt" \
    "/x/%c0%ae%c0%ae/real.bin" "/x/%252e%252e/real.bin" "/x/%252e%252e%252freal.bin" "/x/..%252freal.bin" "/./real.bin" \
    "/x/./neighbour.txt" "/x/%2e/neighbour.txt" "/x/neighbour.txt/../../real.bin" "/x/..;/real.bin" "/x/%u002e%u002e/real.bin" \
    "/../../../../etc/passwd" "/%2e%2e/%2e%2e/etc/passwd" "//etc/passwd" "/%2fetc%2fpasswd" "/blobs/sha256/$hex" \
    "/../store/blobs/sha256/$hex" "/x/%ef%bc%8e%ef%bc%8e/real.bin"; do
  got="$(curl -sS --path-as-is -o "$WORK/t.b" -w '%{http_code}' "$BASE$target")"
  [[ "$got" == 400 || "$got" == 404 ]] || fail "$target gave $got"
  ! grep -qE '^(real|next door)$|root:' "$WORK/t.b" || fail "$target leaked content"
done
[[ "$(curl -fsS "$BASE/x/neighbour.txt")" == "next door" ]] || fail "control request"
pass "28 encodings (dot segments, encoded slash/backslash, NUL, overlong UTF-8, double encoding…) all 400/404"

step "limits, keep-alive and HTTP/2"
expect_code 431 "8 KB of headers" -H "X-Fill: $(head -c 9000 /dev/zero | tr '\0' a)" "$BASE/real.bin"
long="$(printf 'a/%.0s' $(seq 1 2100))"
got="$(code --path-as-is "$BASE/$long")"; [[ "$got" == 400 || "$got" == 414 ]] || fail "over-long path gave $got"
[[ "$(curl -sS -o /dev/null -o /dev/null -w '%{num_connects} ' "$BASE/real.bin" "$BASE/$ZIP")" == "1 0 " ]] || fail "no keep-alive"
[[ "$(curl -sS --http2-prior-knowledge -o "$WORK/h2.b" -w '%{http_version} %{http_code}' "$url")" == "2 200" ]] || fail "h2c"
cmp "$WORK/h2.b" "$TREE/$ZIP" || fail "HTTP/2 body differs"
# curl 7.88 cannot take more than 32 KB arriving right behind the 101 of an h2c Upgrade (a client
# buffer limit, "connection buffer size is too small…"), so the Upgrade path is shown on a small file
[[ "$(curl -sS --http2 -w '%{http_version} ' "$BASE/real.bin")" == "real2 " ]] || fail "h2c upgrade"
[[ "$(curl -sS --http2-prior-knowledge -r 0-9 -w '%{http_code}' -o /dev/null "$url")" == 206 ]] || fail "h2 range"
pass "431 for big headers, 400/414 for long paths, connection reuse, HTTP/2 cleartext (prior knowledge and upgrade)"

step "a download as OpenSearch's plugin installer does it (Java URLConnection)"
out="$(java "$E2E_ROOT/scripts/e2e/lib/PluginInstallerDownload.java" "$url" "$WORK/plugin.zip")"
[[ "$out" == "200 2000000" ]] || fail "installer-style fetch: $out"
cmp "$WORK/plugin.zip" "$TREE/$ZIP" || fail "installer-style download differs"
pass "HEAD probe 200, Content-Length known, zip byte-identical"

step "a download in flight keeps its bytes through a new generation and gc"
# 32 MB at 1 MB/s: the server is still reading the blob for about 20 s (the rest fits in socket buffers)
sent_bytes() { curl -fsS "$BASE/metrics" | awk '/^ferry_files_sent_bytes_total / { printf "%.0f", $2 }'; }
sent_before="$(sent_bytes)"
curl -fsS --limit-rate 1M -o "$WORK/inflight.bin" "$BASE/big.bin" &
dl=$!
sleep 1
make_tree "$WORK/v2" "big.bin=replaced"
ferry import --create --store "$STORE" "$WORK/v2" >/dev/null
wait_generation 2
ferry gc --store "$STORE" --keep 1 >/dev/null
[[ ! -e "$STORE/blobs/sha256/$(sha256sum "$TREE/big.bin" | cut -d' ' -f1)" ]] || fail "gc did not delete the old blob"
(( $(sent_bytes) - sent_before < 32000000 )) || fail "the server had sent the whole file before gc; nothing was proven"
wait "$dl" || fail "the download failed"
cmp "$WORK/inflight.bin" "$TREE/big.bin" || fail "the download changed under gc"
[[ "$(curl -fsS "$BASE/big.bin")" == replaced ]] || fail "new requests do not see generation 2"
pass "the running download finished with generation 1's bytes; new requests get generation 2"
