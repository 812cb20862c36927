#!/usr/bin/env bash
# The shipped alert rules with a real Prometheus (Debian's): it scrapes two Ferry servers on
# loopback, one serving a Trivy DB built a month ago and one serving a DB built an hour ago, and
# evaluates a copy of deploy/prometheus/ferry-rules.yaml whose `for:` durations are shortened to
# seconds (generated from the shipped file, nothing else changed). Through Prometheus' HTTP API:
# the stale-DB alerts fire for the old DB only, and FerryDown fires once a server stops.
# Also: promtool checks the rules, runs their unit tests, and lints a live scrape of /metrics; an
# import by another process shows in the import counters.
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/oci-layouts.sh"
need prometheus promtool curl jq sha256sum tar gzip sed awk

RULES="$E2E_ROOT/deploy/prometheus/ferry-rules.yaml"

step "promtool: the shipped rules are valid and pass their unit tests"
promtool check rules "$RULES" >/dev/null || fail "promtool rejects $RULES"
promtool test rules "$E2E_ROOT/deploy/prometheus/ferry-rules.test.yaml" >/dev/null || fail "promtool test rules"
pass "$(grep -c -- '- alert:' "$RULES") alerts checked and unit-tested"

iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
now="$(date +%s)"
serve_db() { # serve_db NAME UPDATED NEXT_UPDATE : a store holding one Trivy DB, served; sets <NAME>_URL
  local layout="$WORK/$1-layout"
  layout_init "$layout"
  trivy_db_archive "$WORK/$1.tar.gz" trivy.db 2 "$2" "$3"
  layout_tag "$layout" "$(layout_trivy "$layout" "$TRIVY_DB_LAYER" db.tar.gz "$WORK/$1.tar.gz")" 2
  ferry import --create --store "$WORK/$1-store" --repository mirror/trivy-db "$layout" >/dev/null
  start_server "$WORK/$1-store"
  printf -v "${1^^}_PORT" '%s' "$PORT"
  printf -v "${1^^}_PID" '%s' "${E2E_PIDS[-1]}"
}

step "two Ferry servers: a Trivy DB built 30 days ago (NextUpdate 29 days ago), one built an hour ago"
serve_db old "$(iso $((now - 30 * 86400)))" "$(iso $((now - 29 * 86400)))"
serve_db fresh "$(iso $((now - 3600)))" "$(iso $((now + 23 * 3600)))"
pass "old on :$OLD_PORT, fresh on :$FRESH_PORT"

step "promtool check metrics on a live scrape (every family of the exposition, Vert.x's included)"
curl -fsS "http://127.0.0.1:$OLD_PORT/metrics" > "$WORK/scrape.txt"
promtool check metrics < "$WORK/scrape.txt" || fail "promtool lint flags the exposition"
grep -q '^ferry_trivy_db_updated_timestamp_seconds{repository="mirror/trivy-db",tag="2"}' "$WORK/scrape.txt" \
  || fail "no Trivy DB metric in the scrape"
pass "$(grep -c '^# TYPE' "$WORK/scrape.txt") metric families lint clean"

step "imports by another process (ferry import) count: the counters come from the store's journal"
metric() { curl -fsS "http://127.0.0.1:$OLD_PORT/metrics" | sed -n "s/^$1 \(.*\)/\1/p"; }
[[ "$(metric 'ferry_import_attempts_total{result="success"}')" == 1.0 ]] || fail "one import before: $(metric 'ferry_import_attempts_total{result="success"}')"
make_tree "$WORK/tree" 'notes.txt=imported while serving'
ferry import --create --store "$WORK/old-store" "$WORK/tree" >/dev/null
printf 'tampered' > "$WORK/tree/notes.txt"
ferry import --create --store "$WORK/old-store" "$WORK/tree" >/dev/null 2>&1 && fail "a tampered tree imported"
for i in $(seq 1 50); do
  [[ "$(metric 'ferry_import_attempts_total{result="failure"}')" == 1.0 ]] && break
  sleep 0.1
done
[[ "$(metric 'ferry_import_attempts_total{result="success"}')" == 2.0 && "$(metric 'ferry_import_attempts_total{result="failure"}')" == 1.0 ]] \
  || fail "counters: $(curl -fsS "http://127.0.0.1:$OLD_PORT/metrics" | grep ferry_import)"
awk -v a="$(metric ferry_import_last_attempt_timestamp_seconds)" -v s="$(metric ferry_import_last_success_timestamp_seconds)" \
  'BEGIN { exit !(a > s && s > 1.7e9) }' || fail "last attempt must be after the last success"
pass "ferry_import_attempts_total success 2, failure 1; last attempt after last success"

step "a test copy of the rules, generated from the shipped file: every for: becomes 2s"
sed -E 's/^( {8}for: )[0-9]+[smhd]$/\12s/' "$RULES" > "$WORK/rules.yaml"
[[ "$(grep -c '^ \{8\}for: 2s$' "$WORK/rules.yaml")" == "$(grep -c '^ \{8\}for: ' "$RULES")" ]] || fail "not every for: was shortened"
diff <(grep -v '^ \{8\}for: ' "$RULES") <(grep -v '^ \{8\}for: ' "$WORK/rules.yaml") >/dev/null || fail "the copy differs beyond for:"
promtool check rules "$WORK/rules.yaml" >/dev/null || fail "promtool rejects the test copy"
pass "$(grep -c '^ \{8\}for: 2s$' "$WORK/rules.yaml") durations shortened, nothing else changed"

step "Prometheus on a free loopback port, scraping both every second"
cat > "$WORK/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [$WORK/rules.yaml]
scrape_configs:
  - job_name: ferry
    static_configs:
      - targets: ['127.0.0.1:$OLD_PORT', '127.0.0.1:$FRESH_PORT']
EOF
promtool check config "$WORK/prometheus.yml" >/dev/null || fail "promtool rejects the Prometheus config"
for attempt in $(seq 1 20); do
  PROM_PORT=$((20000 + RANDOM % 40000))
  (exec 3<>"/dev/tcp/127.0.0.1/$PROM_PORT") 2>/dev/null && continue # taken
  prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
  E2E_PIDS+=("$!")
  for i in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 && break 2
    kill -0 "${E2E_PIDS[-1]}" 2>/dev/null || break
    sleep 0.2
  done
done
PROM="http://127.0.0.1:$PROM_PORT"
curl -fsS "$PROM/-/ready" >/dev/null || { cat "$WORK/prometheus.log" >&2; fail "Prometheus did not start"; }
pass "$(prometheus --version 2>&1 | sed -n 1p) on :$PROM_PORT"

alerts() { # alerts STATE : "alertname instance" lines of the alerts in that state
  curl -fsS "$PROM/api/v1/alerts" | jq -r --arg s "$1" '.data.alerts[] | select(.state == $s) | "\(.labels.alertname) \(.labels.instance)"' | sort
}
wait_firing() { # wait_firing ALERT INSTANCE
  local i
  for i in $(seq 1 120); do
    alerts firing | holds -x "$1 $2" && return 0
    sleep 0.5
  done
  echo "firing now:" >&2; alerts firing >&2
  fail "$1 did not fire for $2"
}

step "the stale-DB alerts fire for the old DB"
wait_firing FerryTrivyDbStale "127.0.0.1:$OLD_PORT"
wait_firing FerryTrivyDbOutdated "127.0.0.1:$OLD_PORT"
summary="$(curl -fsS "$PROM/api/v1/alerts" | jq -r '.data.alerts[] | select(.labels.alertname == "FerryTrivyDbStale") | .annotations.summary' | sed -n 1p)"
[[ "$summary" =~ ^Ferry\ serves\ [a-z/]+trivy-db:(2|latest)\ 29d\ 0h\ [0-9]+m\ [0-9.]+s\ past\ its\ NextUpdate$ ]] || fail "summary: $summary"
pass "FerryTrivyDbStale and FerryTrivyDbOutdated firing: $summary"

step "and not for the fresh one, although Prometheus has been evaluating its series all along"
fresh="127.0.0.1:$FRESH_PORT"
[[ "$(curl -fsS "$PROM/api/v1/query" --data-urlencode "query=count(ferry_trivy_db_next_update_timestamp_seconds{instance=\"$fresh\"})" \
  | jq -r '.data.result[0].value[1]')" == 5 ]] || fail "the fresh server's DB series are not in Prometheus"
sleep 5 # several more scrapes and evaluations, each longer than the shortened for:
! alerts firing | holds " $fresh$" || { alerts firing >&2; fail "an alert fires for the fresh server"; }
! alerts pending | holds " $fresh$" || { alerts pending >&2; fail "an alert is pending for the fresh server"; }
pass "no alert, firing or pending, for $fresh; 5 repository:tag series of its DB scraped"

step "FerryDown fires once the fresh server stops"
kill "$FRESH_PID"
wait "$FRESH_PID" 2>/dev/null || true
wait_firing FerryDown "$fresh"
pass "FerryDown firing for $fresh"
