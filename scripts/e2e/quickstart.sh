#!/usr/bin/env bash
# The README's first command, scripts/quickstart.sh, run as a newcomer would (on a free port, with
# the jar the build already made): it must come up on loopback and serve every demo artifact in
# the URL forms it prints, to curl, skopeo and sha512sum. Also: `ferry --help` lists every
# subcommand FerryCommand registers.
source "$(dirname "$0")/lib/common.sh"
need curl jq skopeo sha512sum cmp python3
DEMO="$WORK/demo"
QPORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$QPORT"
DRIVER="falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko"

step "scripts/quickstart.sh builds the demo store and serves it"
FERRY_SKIP_BUILD=1 FERRY_DEMO_DIR="$DEMO" FERRY_PORT="$QPORT" "$E2E_ROOT/scripts/quickstart.sh" > "$WORK/quickstart.log" 2>&1 &
E2E_PIDS+=("$!")
for _ in $(seq 1 300); do curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "$BASE/readyz" >/dev/null || { cat "$WORK/quickstart.log" >&2; fail "quickstart did not become ready on $BASE"; }
grep -q "serving on $BASE/" "$WORK/quickstart.log" || fail "quickstart does not print where it serves"
pass "ready on $BASE, generation $(curl -fsS "$BASE/metrics" | sed -n 's/^ferry_catalog_generation \([0-9]*\).*/\1/p')"

step "what it prints to try works: files, both driver layouts, the falcoctl index, a miss"
[[ "$(curl -fsS "$BASE/README.txt")" == "Welcome to Ferry." ]] || fail "README.txt"
for url in "$BASE/driver/7.0.0%2Bdriver/x86_64/$DRIVER" "$BASE/7.0.0%2Bdriver/x86_64/$DRIVER" "$BASE/driver/7.0.0+driver/x86_64/$DRIVER"; do
  curl -fsS -o "$WORK/driver.ko" "$url" || fail "GET $url"
  cmp -s "$WORK/driver.ko" "$DEMO/files/driver/7.0.0+driver/x86_64/$DRIVER" || fail "$url: bytes differ"
done
index="$(curl -fsS "$BASE/falcoctl/index.yaml")"
grep -q "registry: 127.0.0.1:$QPORT" <<<"$index" || fail "index registry: $index"
grep -q "signature" <<<"$index" && fail "index keeps its signature block"
miss="$BASE/driver/7.0.0%2Bdriver/x86_64/falco_debian_6.1.55-1-amd64_1.ko"
[[ "$(curl -so /dev/null -w '%{http_code}' "$miss")" == 404 ]] || fail "a missing driver is not a 404"
ferry wanted --server "$BASE" | holds -F "falco_debian_6.1.55-1-amd64_1.ko" || fail "ferry wanted does not list the miss"
pass "driver byte-identical in both layouts and encodings; index names this server; miss wanted"

step "the OpenSearch plugin with its .sha512, and the OCI artifacts with skopeo"
(cd "$WORK" && curl -fsS --remote-name-all "$BASE/releases/plugins/demo-plugin/2.19.4/demo-plugin-2.19.4.zip"{,.sha512} \
  && sha512sum -c --quiet demo-plugin-2.19.4.zip.sha512) || fail "plugin zip and .sha512"
skopeo copy --quiet --src-tls-verify=false "docker://127.0.0.1:$QPORT/aquasecurity/trivy-db:2" "oci:$WORK/trivy-db:2" || fail "skopeo trivy-db"
skopeo copy --quiet --src-tls-verify=false "docker://127.0.0.1:$QPORT/falcosecurity/rules/falco-rules:5" "oci:$WORK/rules:5" || fail "skopeo rules"
[[ "$(curl -fsS "$BASE/v2/_catalog" | jq -r '.repositories | index("aquasec/trivy-db") != null')" == true ]] || fail "/v2/_catalog"
pass "plugin checks with sha512sum -c; trivy-db:2 and falco-rules:5 pulled with skopeo"

step "the catalog page and metrics answer"
grep -q "Ferry catalog" <<<"$(curl -fsS "$BASE/")" || fail "catalog page" # whole output first: grep -q may stop reading early
grep -q '^ferry_trivy_db_updated_timestamp_seconds' <<<"$(curl -fsS "$BASE/metrics")" || fail "Trivy freshness metric"
pass "catalog page and /metrics"

step "ferry --help lists every subcommand"
help="$(ferry --help)"
listed=0
for cls in $(sed -n '/subcommands = {/,/}/p' "$E2E_ROOT/src/main/java/dev/ferry/cli/FerryCommand.java" | grep -o '[A-Za-z]*Command\.class'); do
  file="$E2E_ROOT/src/main/java/dev/ferry/cli/${cls%.class}.java"
  if [[ -f "$file" ]]; then name="$(grep -o '@Command(name = "[a-z-]*"' "$file" | sed -n 1p | sed 's/.*"\(.*\)"/\1/')"
  else name="$(tr '[:upper:]' '[:lower:]' <<<"${cls%Command.class}")"; fi  # picocli's own, e.g. HelpCommand
  [[ -n "$name" ]] || fail "no command name for $cls"
  grep -qE "^ +$name( |$)" <<<"$help" || fail "ferry --help does not list '$name'"
  listed=$((listed + 1))
done
(( listed >= 10 )) || fail "only $listed subcommands found in FerryCommand"
pass "all $listed registered subcommands listed"
