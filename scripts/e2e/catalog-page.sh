#!/usr/bin/env bash
# The catalog page at / in Debian's headless Chromium: a store with a month-old Trivy DB, a fresh
# Java DB, Falco drivers, plain files (one with markup in its name), a signed bundle, a failed
# import and a verification run; one driver request the server cannot answer. The DOM Chromium builds must show
# all of it, with the markup as text, and match /api/v1/status and `ferry status`. The screenshot
# is kept as target/catalog-page.png.
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/oci-layouts.sh"
need chromium curl jq sha256sum tar gzip awk date
STORE="$WORK/store"
SHOT="$E2E_ROOT/target/catalog-page.png"

iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
now="$(date +%s)"

step "a store: Trivy DB built 30 days ago, Java DB built a day ago, Falco drivers, plain files, a failed import, a verification"
DB="$WORK/db"; layout_init "$DB"
trivy_db_archive "$WORK/db.tar.gz" trivy.db 2 "$(iso $((now - 30 * 86400)))" "$(iso $((now - 29 * 86400)))"
layout_tag "$DB" "$(layout_trivy "$DB" "$TRIVY_DB_LAYER" db.tar.gz "$WORK/db.tar.gz")" 2
ferry import --create --store "$STORE" --repository mirror/trivy-db "$DB" >/dev/null
JAVA="$WORK/java"; layout_init "$JAVA"
trivy_db_archive "$WORK/javadb.tar.gz" trivy-java.db 1 "$(iso $((now - 86400)))" "$(iso $((now + 2 * 86400)))"
layout_tag "$JAVA" "$(layout_trivy "$JAVA" "$TRIVY_JAVADB_LAYER" javadb.tar.gz "$WORK/javadb.tar.gz")" 1
ferry import --create --store "$STORE" --repository mirror/trivy-java-db "$JAVA" >/dev/null
make_tree "$WORK/tree" \
  'driver/7.0.0+driver/x86_64/falco_ubuntu-generic_6.5.0-9-lowlatency_9.1.ko=module bytes' \
  'tools/<img src onerror alert(1)>.txt=markup in a name' 'tools/readme.txt=hello'
ferry import --create --store "$STORE" "$WORK/tree" >/dev/null
make_tree "$WORK/bundled" 'notes/across.txt=carried on a USB stick'
ferry keys generate --name ops --out "$WORK/keys" >/dev/null
mkdir "$WORK/trust" && cp "$WORK/keys/ops.asc" "$WORK/trust/"
ferry bundle create --out "$WORK/usb.tar" --sign-key "$WORK/keys/ops.key" --channel demo "$WORK/bundled" >/dev/null
bundle="$(ferry bundle inspect --output json "$WORK/usb.tar")"
ferry import --create --store "$STORE" --trust "$WORK/trust" "$WORK/usb.tar" >/dev/null
make_tree "$WORK/bad" 'tools/other.txt=fine'
printf 'tampered' > "$WORK/bad/tools/other.txt"
ferry import --create --store "$STORE" "$WORK/bad" >/dev/null 2>&1 && fail "a tampered tree imported"
ferry verify --store "$STORE" >/dev/null
pass "generation $(generation_of "$STORE") with a signed bundle, last import failed, verified clean"

start_server "$STORE"
MISSING="driver/7.0.0%2Bdriver/x86_64/falco_ubuntu-generic_6.8.0-31-generic_31.ko"
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/$MISSING")" == 404 ]] || fail "missing driver not a 404"

step "the page is one self-contained document: no script, no external reference"
curl -fsS -D "$WORK/headers" "$BASE/" > "$WORK/page.html"
grep -qi '^content-type: text/html; charset=utf-8' "$WORK/headers" || fail "content type: $(cat "$WORK/headers")"
grep -qi "^content-security-policy: default-src 'none'" "$WORK/headers" || fail "no restrictive CSP"
grep -qi '<script' "$WORK/page.html" && fail "the page has a script"
grep -Eqi '(src|href)="(https?:)?//' "$WORK/page.html" && fail "the page references another host"
pass "$(wc -c < "$WORK/page.html") bytes, text/html, CSP default-src 'none'"

step "headless Chromium renders it (no network beyond the loopback server)"
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$WORK/chromium")
timeout 120 "${chrome[@]}" --dump-dom "$BASE/" > "$WORK/dom.html" 2> "$WORK/chromium.log" || { tail -20 "$WORK/chromium.log" >&2; fail "chromium --dump-dom"; }
mkdir -p "$(dirname "$SHOT")"
rm -f "$SHOT"
timeout 120 "${chrome[@]}" --window-size=1280,1600 --screenshot="$SHOT" "$BASE/" >> "$WORK/chromium.log" 2>&1 \
  || { tail -20 "$WORK/chromium.log" >&2; fail "chromium --screenshot"; }
[[ -s "$SHOT" && "$(head -c 8 "$SHOT" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] || fail "no PNG screenshot at $SHOT"
pass "DOM $(wc -c < "$WORK/dom.html") bytes; screenshot $(wc -c < "$SHOT") bytes at target/$(basename "$SHOT")"

step "the rendered page shows every artifact with its freshness, the imports, the verification and the wanted driver"
text() { sed -e 's/<[^>]*>/ /g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' "$WORK/dom.html" | tr -s ' \n' ' '; }
page="$(text)"
expect() { grep -qF -- "$1" <<<"$page" || fail "the page does not show: $1"; }
generation="$(generation_of "$STORE")"
grep -q "<strong id=\"generation\">$generation</strong>" "$WORK/dom.html" || fail "generation $generation not shown"
expect "trivy-db"
expect "trivy-java-db"
expect "mirror/trivy-db:2"
expect "trivy-db is past its upstream NextUpdate"
expect "30d 0h ago"
expect "overdue"
expect "fresh"
expect "7.0.0+driver"
expect "readme.txt"
expect "The last import failed"
expect "tools/other.txt: sha256 mismatch"
expect "intact"
expect "Newest bundle: $(jq -r .id <<<"$bundle")"
expect "driver/7.0.0+driver/x86_64/falco_ubuntu-generic_6.8.0-31-generic_31.ko"
expect "tools/<img src onerror alert(1)>.txt"
grep -q '<img' "$WORK/dom.html" && fail "a file name became an element"
for family in trivy falco file; do grep -q "id=\"family-$family\"" "$WORK/dom.html" || fail "no $family section"; done
grep -q '<a href="/tools/">tools/</a>' "$WORK/dom.html" || fail "no link into the file tree"
curl -fsS -H 'Accept: application/json' "$BASE/" | jq -e '.path == "/" and (.entries | map(.name) | index("tools"))' >/dev/null \
  || fail "a JSON client asking for / does not get the root listing"
pass "freshness, families, imports, verification and wanted list rendered; markup in a name stays text"

step "the JSON API and ferry status tell the same"
status="$(curl -fsS "$BASE/api/v1/status")"
jq -e --argjson g "$generation" '.generation.number == $g and .imports.lastFailed and .imports.attempts.failure == 1
  and ([.freshness[] | select(.name == "trivy-db") | .overdue] == [true]) and ([.freshness[] | select(.name == "trivy-java-db") | .overdue] == [false])
  and .verification.lastProblems == 0 and .verification.runs == 1 and (.wanted | length == 1)
  and .bundle.id == $b.id and .bundle.created == $b.created' --argjson b "$bundle" <<<"$status" >/dev/null \
  || fail "/api/v1/status: $status"
curl -fsS "$BASE/api/v1/catalog?family=falco" | jq -e '.families | keys == ["falco"] and (.falco[0].version == "7.0.0+driver")' >/dev/null \
  || fail "/api/v1/catalog?family=falco"
ferry status --store "$STORE" --output json | jq -e --argjson s "$(jq '.freshness | map(.name)' <<<"$status")" \
  '.status.freshness | map(.name) == $s' >/dev/null || fail "ferry status differs from /api/v1/status"
ferry status --store "$STORE" | holds "^trivy-db: .*30d 0h ago (overdue)" || fail "ferry status: $(ferry status --store "$STORE")"
created="$(curl -fsS "$BASE/metrics" | sed -n 's/^ferry_bundle_created_timestamp_seconds \(.*\)/\1/p')"
[[ "$(awk -v s="$created" 'BEGIN { printf "%d", s }')" == "$(date -u -d "$(jq -r .created <<<"$bundle")" +%s)" ]] \
  || fail "ferry_bundle_created_timestamp_seconds $created is not the bundle's creation time $(jq -r .created <<<"$bundle")"
pass "/api/v1/status, /api/v1/catalog and ferry status agree; ferry_bundle_created_timestamp_seconds is the signed manifest's time"
