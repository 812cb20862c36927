# Shared helpers for the end-to-end scripts. Source it; it sets strict mode, a work directory
# that is removed on exit, and functions to run Ferry and check results with real clients.
set -euo pipefail

E2E_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
FERRY="$E2E_ROOT/scripts/ferry"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ferry-e2e.XXXXXX")"
E2E_PIDS=()

e2e_cleanup() {
  local pid
  for pid in "${E2E_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap e2e_cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
pass() { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*" >&2; exit 1; }

# Ensures a command exists: the tests run real clients and must not silently skip them.
need() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || fail "'$c' is not installed; run scripts/install-test-deps.sh"
  done
}

ferry() { "$FERRY" "$@"; }

# make_tree DIR NAME=CONTENT... : files plus a SHA256SUMS listing them, as an upstream mirror provides.
make_tree() {
  local dir="$1"; shift
  mkdir -p "$dir"
  local spec name
  for spec in "$@"; do
    name="${spec%%=*}"
    mkdir -p "$dir/$(dirname "$name")"
    printf '%s' "${spec#*=}" > "$dir/$name"
  done
  (cd "$dir" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -r -d '\n' sha256sum > SHA256SUMS)
}

# Re-lists every file of DIR in its SHA256SUMS (after a test added binary files to it).
checksum_tree() {
  (cd "$1" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -r -d '\n' sha256sum > SHA256SUMS)
}

# start_server STORE [extra serve args...] : runs `ferry serve` on a free loopback port; sets PORT and BASE,
# and HTTPS_PORT when an HTTPS listener was asked for (--tls-cert; give --tls-port 0 for a free port).
start_server() {
  local store="$1"; shift
  local log="$WORK/serve-$RANDOM.log"
  : > "$log" # exists before the polling below reads it, whenever the background job opens it
  "$FERRY" serve --store "$store" --host 127.0.0.1 --port 0 "$@" >"$log" 2>&1 &
  E2E_PIDS+=("$!")
  local i
  for i in $(seq 1 200); do
    PORT="$(sed -n 's#.*on http://[^:]*:\([0-9]*\)/.*#\1#p' "$log" | sed -n 1p)"
    HTTPS_PORT="$(sed -n 's#.*https://[^:]*:\([0-9]*\)/.*#\1#p' "$log" | sed -n 1p)"
    if [[ -n "$PORT" ]]; then
      BASE="http://127.0.0.1:$PORT"
      curl -fsS "$BASE/readyz" >/dev/null && return 0
    fi
    sleep 0.1
  done
  cat "$log" >&2
  fail "ferry serve did not become ready"
}

# wait_generation N : waits until the server serves generation N (it polls the store pointer).
wait_generation() {
  local want="$1" i got
  for i in $(seq 1 100); do
    got="$(curl -fsS "$BASE/metrics" | sed -n 's/^ferry_catalog_generation \([0-9]*\).*/\1/p')"
    [[ "$got" == "$want" ]] && return 0
    sleep 0.1
  done
  fail "server still on generation $got, expected $want"
}

generation_of() { ferry status --store "$1" --output json | jq -r .generation; }

expect_refused() { # expect_refused WHAT EXPECTED-TEXT command...
  local what="$1" text="$2"; shift 2
  local out
  if out="$("$@" 2>&1)"; then fail "$what: accepted, expected a refusal"; fi
  grep -qF -- "$text" <<<"$out" || fail "$what: refusal does not say '$text': $out"
  pass "$what refused: $(tail -1 <<<"$out")"
}

# flip_byte FILE OFFSET: changes the byte at OFFSET to another value (writing a fixed value would
# leave random data unchanged one time in 256, and the corruption a test relies on would not happen)
flip_byte() {
  local old; old="$(od -An -tu1 -j"$2" -N1 "$1" | tr -d ' ')"
  printf "\\x$(printf %02x $(( (old + 1) % 256 )))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# holds [grep options] PATTERN: grep -q over the whole of stdin. Reading everything first keeps the
# writer from a broken pipe when grep finds its match early, which pipefail would count as a failure.
holds() { local input; input="$(cat)"; grep -q "$@" <<<"$input"; }
