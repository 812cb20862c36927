#!/usr/bin/env bash
# Several replicas on one bucket, with a real S3-compatible server (S3Proxy) on loopback: two
# `ferry serve` processes follow what a third process imports, each says which generation
# answered, a replica killed mid-download loses nothing (the client resumes on the other one,
# the restarted one serves whole bytes), and two importers racing on the bucket cannot both
# publish: one wins, the other is refused and changes nothing.
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/s3proxy.sh"
need curl jq sha256sum cmp java

RELOAD_MS=500
start_s3proxy
E2E_PIDS+=("$S3_PID")
s3 PUT /ferry >/dev/null
export AWS_ACCESS_KEY_ID="$S3_KEY" AWS_SECRET_ACCESS_KEY="$S3_SECRET" AWS_REGION=us-east-1

# config NAME : a configuration for one process: its own local state, the shared bucket.
config() {
  cat > "$WORK/$1.yaml" <<CONF
store:
  path: $WORK/state-$1
  backend: s3
  reloadInterval: ${RELOAD_MS}ms
  s3:
    endpoint: $S3_ENDPOINT
    bucket: ferry
    pathStyle: true
CONF
  echo "$WORK/$1.yaml"
}
header() { curl -fsS -D - -o /dev/null "$1" | grep -i "^$2:" | cut -d' ' -f2- | tr -d '\r'; }

step "a third process creates the store in the bucket and publishes generation 1"
make_tree "$WORK/t1" "a.txt=first" "keep.txt=unchanged"
ferry import --create --config "$(config importer)" "$WORK/t1" >/dev/null
pass "imported"

step "two replicas, each with its own local state, serve the bucket's generation"
start_server "$WORK/state-a" --config "$(config a)"; A="$BASE"; A_PID="${E2E_PIDS[-1]}"
start_server "$WORK/state-b" --config "$(config b)"; B="$BASE"
for r in "$A" "$B"; do
  [[ "$(curl -fsS "$r/a.txt")" == first ]] || fail "$r does not serve generation 1"
  [[ "$(header "$r/a.txt" Ferry-Generation)" == 1 ]] || fail "$r: Ferry-Generation is not 1"
done
pass "both serve generation 1"

step "an import through the third process reaches both replicas within the reload interval"
make_tree "$WORK/t2" "a.txt=second" "keep.txt=unchanged"
head -c 24000000 /dev/urandom > "$WORK/t2/big.bin"
checksum_tree "$WORK/t2"
ferry import --config "$WORK/importer.yaml" "$WORK/t2" >/dev/null
published=$(date +%s%N)
for r in "$A" "$B"; do
  until [[ "$(curl -fsS "$r/readyz")" == "ready: generation 2" ]]; do
    (( $(date +%s%N) - published < 10000000000 )) || fail "$r did not follow to generation 2"
    sleep 0.05
  done
done
took_ms=$(( ($(date +%s%N) - published) / 1000000 ))
(( took_ms <= RELOAD_MS + 1500 )) || fail "replicas took ${took_ms} ms to follow (reload interval ${RELOAD_MS} ms)"
for r in "$A" "$B"; do
  [[ "$(curl -fsS "$r/a.txt")" == second ]] || fail "$r serves stale a.txt"
  [[ "$(header "$r/a.txt" Ferry-Generation)" == 2 ]] || fail "$r: Ferry-Generation is not 2"
  curl -fsS "$r/big.bin" | cmp - "$WORK/t2/big.bin" || fail "$r: big.bin differs"
done
pass "both serve generation 2 after ${took_ms} ms"

step "a replica killed mid-download: the client resumes on the other, the restarted one serves whole bytes"
curl -fsS --limit-rate 4M -o "$WORK/big.part" "$A/big.bin" &
client=$!
for _ in $(seq 1 100); do [[ -s "$WORK/big.part" ]] && break; sleep 0.05; done
sleep 0.5
kill -9 "$A_PID"
if wait "$client"; then fail "the download finished although its server was killed"; fi
got=$(stat -c %s "$WORK/big.part")
(( got > 0 && got < 24000000 )) || fail "expected a partial download, got $got bytes"
curl -fsS -C - -o "$WORK/big.part" "$B/big.bin"
cmp "$WORK/big.part" "$WORK/t2/big.bin" || fail "the resumed download differs"
pass "resumed on the other replica after $got bytes: whole and correct"
start_server "$WORK/state-a" --config "$WORK/a.yaml"; A="$BASE"
[[ "$(curl -fsS "$A/readyz")" == "ready: generation 2" ]] || fail "the restarted replica is not on generation 2"
curl -fsS "$A/big.bin" | cmp - "$WORK/t2/big.bin" || fail "the restarted replica serves different bytes"
curl -fsS -r 1000-1999 "$A/big.bin" | cmp - <(tail -c +1001 "$WORK/t2/big.bin" | head -c 1000) || fail "range from the restarted replica differs"
ferry verify --config "$WORK/importer.yaml" >/dev/null || fail "verify found problems after the kill"
pass "restarted on its local state; the bucket verifies clean"

step "two importers racing on the bucket: one publishes, the other is refused and changes nothing"
make_tree "$WORK/t3" "a.txt=loser" "keep.txt=unchanged"
make_tree "$WORK/t4" "a.txt=winner" "keep.txt=unchanged"
FERRY_JAVA_OPTS="-Dferry.holdpoint=after-blobs -Dferry.holdfile=$WORK/release" \
  ferry import --config "$(config slow)" "$WORK/t3" >"$WORK/slow.log" 2>&1 &
slow=$!
for _ in $(seq 1 200); do grep -q "holding at after-blobs" "$WORK/slow.log" && break; sleep 0.05; done
grep -q "holding at after-blobs" "$WORK/slow.log" || { cat "$WORK/slow.log" >&2; fail "the slow importer never reached its publish"; }
ferry import --config "$(config fast)" "$WORK/t4" >/dev/null || fail "the fast importer was refused"
touch "$WORK/release"
if wait "$slow"; then cat "$WORK/slow.log" >&2; fail "both importers published"; fi
grep -q "another importer published" "$WORK/slow.log" || { cat "$WORK/slow.log" >&2; fail "the refusal does not say why"; }
pass "refused: $(grep "another importer" "$WORK/slow.log" | tail -1)"
for r in "$A" "$B"; do
  until [[ "$(curl -fsS "$r/readyz")" == "ready: generation 3" ]]; do sleep 0.05; done
  [[ "$(curl -fsS "$r/a.txt")" == winner ]] || fail "$r does not serve the winner's content"
done
[[ "$(ferry status --config "$WORK/importer.yaml" --output json | jq -r .generation)" == 3 ]] || fail "the bucket is not on the winner's generation 3"
ferry verify --config "$WORK/importer.yaml" >/dev/null || fail "verify found problems after the race"
pass "both replicas serve the winner's generation 3; the loser left nothing visible"

step "every replica reports the imports other processes ran (the journal is shared through the bucket)"
for r in "$B" "$A"; do
  deadline=$(( $(date +%s) + 30 )) # entries are listed at most every 10 s
  until metrics=$(curl -fsS "$r/metrics") && grep -q '^ferry_import_attempts_total{result="success"} 3' <<<"$metrics"; do
    (( $(date +%s) < deadline )) || { grep '^ferry_import' <<<"$metrics" >&2; fail "$r does not count the three imports"; }
    sleep 0.5
  done
  # whole bodies into variables: grep -q closing a pipe early makes curl fail under pipefail
  grep -q '^ferry_import_attempts_total{result="failure"} 1' <<<"$metrics" || fail "$r does not count the refused import"
  last=$(awk '/^ferry_import_last_success_timestamp_seconds /{print $2}' <<<"$metrics")
  awk -v v="$last" 'BEGIN{exit !(v + 0 > 1e9)}' || fail "$r: no last success ($last)"
done
pass "both replicas count 3 imports and 1 refusal, none of which they ran"
