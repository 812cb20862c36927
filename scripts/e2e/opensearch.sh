#!/usr/bin/env bash
# OpenSearch plugins with real clients: gpg signs as OpenSearch's release key would, `ferry
# import` verifies and publishes both URL layouts, sha512sum -c and gpgv check the served
# siblings, and a Java URLConnection with the installer's User-Agent downloads the exact bytes.
source "$(dirname "$0")/lib/common.sh"
need curl jq sha512sum gpg gpgv gpgconf java zip cmp awk promtool
export GNUPGHOME="$WORK/gnupg"
mkdir -m 700 "$GNUPGHOME"
trap 'gpgconf --kill all >/dev/null 2>&1 || true; e2e_cleanup' EXIT
gpg_() { gpg --batch --no-tty --yes --pinentry-mode loopback --passphrase '' "$@"; }

STORE="$WORK/store"
S3=repository-s3-2.19.4.zip
printf 'opensearch:\n  clusterVersion: 2.19.4\n' > "$WORK/ferry.yaml"
store_state() { (cd "$STORE" && find . -type f ! -name lock ! -name journal.jsonl -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }

step "a key pair standing in for OpenSearch's release key (certify-only primary, signing subkey)"
gpg_ --quick-gen-key 'OpenSearch stand-in <release@example.invalid>' rsa3072 cert never 2>/dev/null
FPR="$(gpg --with-colons --list-keys release@example.invalid | awk -F: '/^fpr/ && !n++ {print $10}')"
gpg_ --quick-add-key "$FPR" rsa3072 sign never 2>/dev/null
SUBKEY="$(gpg --with-colons --list-keys "$FPR" | awk -F: '/^sub/ && !n++ {print $5}')"
gpg --armor --export "$FPR" > "$WORK/release.asc"
gpg --export "$FPR" > "$WORK/release.gpg"
gpg_ --quick-gen-key 'Someone else <other@example.invalid>' rsa3072 sign never 2>/dev/null
pass "release key $FPR, signing subkey $SUBKEY"

# make_plugin DIR NAME VERSION OPENSEARCH_VERSION: a zip laid out as OpenSearch's build makes it, plus its .sha512
make_plugin() {
  local dir="$1" name="$2" version="$3" os="$4" build="$WORK/build-$2-$3"
  mkdir -p "$build/config" "$dir"
  printf 'description=%s for e2e\nversion=%s\nname=%s\nclassname=org.example.Plugin\njava.version=21\nopensearch.version=%s\n' \
    "$name" "$version" "$name" "$os" > "$build/plugin-descriptor.properties"
  head -c 300000 /dev/urandom > "$build/$name-$version.jar"
  printf 'grant { };\n' > "$build/plugin-security.policy"
  printf 'setting: 1\n' > "$build/config/$name.yml"
  (cd "$build" && zip -q -r -X "$dir/$name-$version.zip" .)
  (cd "$dir" && sha512sum "$name-$version.zip" > "$name-$version.zip.sha512")
}

step "import a signed plugin (armored .sig)"
make_plugin "$WORK/in" repository-s3 2.19.4 2.19.4
gpg_ --local-user "$SUBKEY!" --armor --detach-sign -o "$WORK/in/$S3.sig" "$WORK/in/$S3"
expect_refused "signature by an untrusted key (nothing configured)" "signed by unknown key $SUBKEY" \
  ferry import --create --store "$STORE" "$WORK/in/$S3"
ferry import --create --store "$STORE" --opensearch-key "$WORK/release.asc" "$WORK/in/$S3"
[[ "$(generation_of "$STORE")" == 1 ]] || fail "expected generation 1"
ferry status --store "$STORE" --config "$WORK/ferry.yaml" | tee "$WORK/status.txt"
grep -q "repository-s3 2.19.4 for OpenSearch 2.19.4, signed by $SUBKEY" "$WORK/status.txt" || fail "status does not list the plugin"
ferry status --store "$STORE" --output json | jq -e '.opensearch.plugins[0] | .name == "repository-s3" and .opensearch == "2.19.4"' >/dev/null \
  || fail "status json lacks the plugin"
pass "imported; status lists repository-s3 2.19.4 for OpenSearch 2.19.4"

step "both layouts serve the zip; sha512sum -c and gpgv check the served siblings"
start_server "$STORE" --config "$WORK/ferry.yaml"
for path in "$S3" "releases/plugins/repository-s3/2.19.4/$S3"; do
  dl="$WORK/dl/$(tr / _ <<<"$path")"
  mkdir -p "$dl"
  headers="$(curl -fsS -D - -o "$dl/$S3" -A opensearch-plugin-installer "$BASE/$path")"
  grep -qi "^content-length: $(stat -c %s "$WORK/in/$S3")" <<<"$headers" || fail "$path: no exact Content-Length"
  grep -qi '^content-type: application/zip' <<<"$headers" || fail "$path: not application/zip"
  head -1 <<<"$headers" | holds ' 200' || fail "$path: not 200"
  curl -fsS -o "$dl/$S3.sha512" "$BASE/$path.sha512"
  curl -fsS -o "$dl/$S3.sig" "$BASE/$path.sig"
  (cd "$dl" && sha512sum -c --strict "$S3.sha512") || fail "$path: sha512sum -c failed on the served sidecar"
  gpgv --keyring "$WORK/release.gpg" "$dl/$S3.sig" "$dl/$S3" 2>/dev/null || fail "$path: gpgv rejects the served signature"
  cmp "$dl/$S3" "$WORK/in/$S3" || fail "$path: bytes differ"
  cmp "$dl/$S3.sig" "$WORK/in/$S3.sig" || fail "$path: .sig differs"
done
pass "/$S3 and /releases/plugins/repository-s3/2.19.4/$S3: 200, Content-Length, sha512sum -c OK, gpgv OK"

step "download as opensearch-plugin install does (java.net.URLConnection, installer User-Agent)"
cat > "$WORK/Download.java" <<'EOF'
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

public class Download {
    public static void main(String[] args) throws Exception {
        URLConnection c = new URL(args[0]).openConnection();
        c.addRequestProperty("User-Agent", "opensearch-plugin-installer");
        try (InputStream in = c.getInputStream()) {
            Files.copy(in, Path.of(args[1]), StandardCopyOption.REPLACE_EXISTING);
        }
        if (c.getContentLengthLong() <= 0) throw new IllegalStateException("no Content-Length: the installer shows no progress");
        System.out.println(c.getContentLengthLong());
    }
}
EOF
for path in "$S3" "releases/plugins/repository-s3/2.19.4/$S3"; do
  java "$WORK/Download.java" "$BASE/$path" "$WORK/java.zip" >/dev/null
  cmp "$WORK/java.zip" "$WORK/in/$S3" || fail "$path: the Java download differs"
done
url="$(awk '/additionalPlugins:/ {getline; print $2}' "$E2E_ROOT/deploy/opensearch/sc-config.yaml")"
java "$WORK/Download.java" "$BASE/${url#http://*/}" "$WORK/java.zip" >/dev/null
cmp "$WORK/java.zip" "$WORK/in/$S3" || fail "the URL of deploy/opensearch/sc-config.yaml is not served"
pass "byte-identical over URLConnection at both paths and at the example URL ${url}"

step "a one-byte change to the zip or to the signature is refused by name; the store does not change"
before="$(store_state)"
cp -r "$WORK/in" "$WORK/zipflip"
flip_byte "$WORK/zipflip/$S3" 150000
expect_refused "zip with one changed byte" "$S3.sig: BAD signature" \
  ferry import --create --store "$STORE" --opensearch-key "$WORK/release.asc" "$WORK/zipflip/$S3"
rm "$WORK/zipflip/$S3.sig"
expect_refused "unsigned zip with one changed byte" "$S3: SHA-512 mismatch" \
  ferry import --create --store "$STORE" "$WORK/zipflip/$S3"
cp -r "$WORK/in" "$WORK/sigflip"
gpg_ --local-user "$SUBKEY!" --detach-sign -o "$WORK/sigflip/$S3.sig" "$WORK/sigflip/$S3"
size="$(stat -c %s "$WORK/sigflip/$S3.sig")"
flip_byte "$WORK/sigflip/$S3.sig" $((size - 5))
expect_refused "binary signature with one changed byte" "$S3.sig: BAD signature" \
  ferry import --create --store "$STORE" --opensearch-key "$WORK/release.asc" "$WORK/sigflip/$S3"
awk 'NR == 4 { c = substr($0, 11, 1); $0 = substr($0, 1, 10) (c == "A" ? "B" : "A") substr($0, 12) } { print }' \
  "$WORK/in/$S3.sig" > "$WORK/sigflip/$S3.sig"
cmp -s "$WORK/sigflip/$S3.sig" "$WORK/in/$S3.sig" && fail "armored signature was not changed"
expect_refused "armored signature with one changed character" "$S3.sig:" \
  ferry import --create --store "$STORE" --opensearch-key "$WORK/release.asc" "$WORK/sigflip/$S3"
cp -r "$WORK/in" "$WORK/other"
gpg_ --local-user other@example.invalid --detach-sign -o "$WORK/other/$S3.sig" "$WORK/other/$S3"
expect_refused "signature by another key" "$S3.sig: signed by unknown key" \
  ferry import --create --store "$STORE" --opensearch-key "$WORK/release.asc" "$WORK/other/$S3"
rm "$WORK/other/$S3.sig"
expect_refused "missing signature when required" "signatures are required" \
  ferry import --create --store "$STORE" --require-signature "$WORK/other/$S3"
rm "$WORK/other/$S3.sha512"
expect_refused "missing .sha512" "pass --allow-missing-sha512" ferry import --create --store "$STORE" "$WORK/other/$S3"
[[ "$(store_state)" == "$before" ]] || fail "a refused import changed the store"
[[ "$(generation_of "$STORE")" == 1 ]] || fail "a refused import changed the generation"
pass "every refusal named the file and the reason; store byte-for-byte unchanged"

step "a directory with a plugin the cluster would refuse is flagged in status and metrics"
make_plugin "$WORK/more" legacy 2.18.0.0 2.18.0
make_plugin "$WORK/more" ranged 1.0.0 '~2.19.0'
gpg_ --local-user "$SUBKEY!" --detach-sign -o "$WORK/more/ranged-1.0.0.zip.sig" "$WORK/more/ranged-1.0.0.zip"
ferry import --create --store "$STORE" --opensearch-key "$WORK/release.asc" "$WORK/more"
wait_generation 2
ferry status --store "$STORE" --config "$WORK/ferry.yaml" > "$WORK/status.txt"
grep -q "cluster 2.19.4: 1 would be REFUSED" "$WORK/status.txt" || { cat "$WORK/status.txt"; fail "status does not flag the refusal"; }
grep -q "INCOMPATIBLE legacy 2.18.0.0: built for OpenSearch 2.18.0 but the cluster runs 2.19.4" "$WORK/status.txt" \
  || fail "status does not name the incompatible plugin"
metrics="$(curl -fsS "$BASE/metrics")"
grep -q '^ferry_opensearch_plugins_incompatible{cluster_version="2.19.4"} 1' <<<"$metrics" || fail "incompatibility metric missing"
grep -q '^ferry_opensearch_plugin_info{name="ranged",opensearch_version="~2.19.0",version="1.0.0"} 1' <<<"$metrics" \
  || fail "plugin info metric missing"
curl -fsS "$BASE/releases/plugins/ranged/1.0.0/ranged-1.0.0.zip.sig" | gpgv --keyring "$WORK/release.gpg" - "$WORK/more/ranged-1.0.0.zip" 2>/dev/null \
  || fail "served binary .sig does not verify"
pass "legacy 2.18.0.0 flagged (status line + ferry_opensearch_plugins_incompatible 1); ranged ~2.19.0 served and verified"

step "the exposition passes promtool's lint (the alert on it: deploy/prometheus, tested with promtool test rules)"
grep '^ferry_opensearch\|^# [A-Z]* ferry_opensearch' <<<"$metrics" | promtool check metrics || fail "promtool lint flags the OpenSearch metrics"
pass "OpenSearch metrics lint clean"

step "ferry bundle create checks plugins as the import will: the same trust flags and config, refused before a bundle is written"
ferry keys generate --name ops --out "$WORK/keys" >/dev/null
mkdir "$WORK/trust" && cp "$WORK/keys/ops.asc" "$WORK/trust/"
expect_refused "bundle of a plugin signed by a key the bundle maker did not trust" "signed by unknown key $SUBKEY" \
  ferry bundle create --out "$WORK/os.tar" --sign-key "$WORK/keys/ops.key" "$WORK/in/$S3"
[[ ! -e "$WORK/os.tar" ]] || fail "a refused bundle was written"
mkdir "$WORK/unsigned" && cp "$WORK/in/$S3" "$WORK/in/$S3.sha512" "$WORK/unsigned/"
expect_refused "bundle of an unsigned plugin when signatures are required" "signatures are required" \
  ferry bundle create --out "$WORK/os.tar" --sign-key "$WORK/keys/ops.key" --require-signature "$WORK/unsigned/$S3"
printf 'opensearch:\n  trustedKeys: ["%s"]\n' "$WORK/release.asc" > "$WORK/maker.yaml"
ferry bundle create --out "$WORK/os.tar" --sign-key "$WORK/keys/ops.key" --config "$WORK/maker.yaml" "$WORK/in/$S3" >/dev/null
ferry import --create --store "$WORK/inside" --trust "$WORK/trust" "$WORK/os.tar" >/dev/null
ferry status --store "$WORK/inside" | holds "repository-s3 2.19.4 for OpenSearch 2.19.4, signed by $SUBKEY" \
  || fail "the bundled plugin lost its signature record: $(ferry status --store "$WORK/inside")"
pass "untrusted and unsigned plugins refused at bundle create; with opensearch.trustedKeys in --config the bundle imports signed"
