#!/usr/bin/env bash
# Plugin import cost in one run against a reference doing the same checks with standard tools:
# `sha512sum -c` + `gpgv` + `unzip -tqq` (inflates and CRC-checks every entry) + `cp` into place.
# `ferry import` does all of that plus descriptor and structure checks, an atomic publish and
# (measured inside the same wall time) its own JVM start. Each side runs ROUNDS times on a fresh
# store / target and keeps its best time, so a burst of load from elsewhere does not decide it.
# Usage: FERRY_JAR=target/ferry.jar scripts/bench/opensearch-import.sh [zip-MiB] [rounds]
source "$(dirname "$0")/../e2e/lib/common.sh"
need gpg gpgv sha512sum unzip zip java
MIB="${1:-256}"
ROUNDS="${2:-3}"
export GNUPGHOME="$WORK/gnupg"
mkdir -m 700 "$GNUPGHOME"
trap 'gpgconf --kill all >/dev/null 2>&1 || true; e2e_cleanup' EXIT
now() { date +%s.%N; }
best() { awk 'NR == 1 || $1 < m { m = $1 } END { printf "%.3f", m }'; }

step "a ${MIB} MiB plugin zip (half incompressible jars, half compressible text), .sha512 and .sig"
b="$WORK/build"
mkdir -p "$b"
printf 'description=bench\nversion=2.19.4\nname=bench-plugin\nclassname=org.example.Bench\njava.version=21\nopensearch.version=2.19.4\n' \
  > "$b/plugin-descriptor.properties"
for i in $(seq 1 8); do
  head -c $((MIB * 1024 * 1024 / 16)) /dev/urandom > "$b/random-$i.jar"
  (yes "ferry benchmark line $i with some repeated content for the deflater" || true) | head -c $((MIB * 1024 * 1024 / 16)) > "$b/text-$i.txt"
done
mkdir -p "$WORK/in"
Z="$WORK/in/bench-plugin-2.19.4.zip"
(cd "$b" && zip -q -r -X "$Z" .)
(cd "$WORK/in" && sha512sum bench-plugin-2.19.4.zip > bench-plugin-2.19.4.zip.sha512)
gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key 'Bench <bench@example.invalid>' rsa3072 sign never 2>/dev/null
gpg --batch --yes --pinentry-mode loopback --passphrase '' --detach-sign -o "$Z.sig" "$Z"
gpg --armor --export bench@example.invalid > "$WORK/key.asc"
gpg --export bench@example.invalid > "$WORK/key.gpg"
echo "zip: $(du -m "$Z" | cut -f1) MiB on disk, $MIB MiB inflated"

for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/ref" "$WORK/store"
  mkdir -p "$WORK/ref"
  t0="$(now)"
  (cd "$WORK/in" && sha512sum -c --quiet bench-plugin-2.19.4.zip.sha512)
  gpgv --keyring "$WORK/key.gpg" "$Z.sig" "$Z" 2>/dev/null
  unzip -tqq "$Z"
  cp "$Z" "$Z.sha512" "$Z.sig" "$WORK/ref/" && sync -f "$WORK/ref"
  t1="$(now)"
  ferry import --create --store "$WORK/store" --opensearch-key "$WORK/key.asc" "$Z" >/dev/null
  t2="$(now)"
  echo "$t1 - $t0" | bc >> "$WORK/ref.times"
  echo "$t2 - $t1" | bc >> "$WORK/ferry.times"
  printf 'round %d: reference %.2f s, ferry import %.2f s\n' "$round" "$(tail -1 "$WORK/ref.times")" "$(tail -1 "$WORK/ferry.times")"
done
ref="$(best < "$WORK/ref.times")"
fer="$(best < "$WORK/ferry.times")"
printf '\nbest of %d: reference %s s, ferry import %s s, ratio ferry/reference %.2f (%.0f MiB/s inflated through ferry)\n' \
  "$ROUNDS" "$ref" "$fer" "$(echo "$fer / $ref" | bc -l)" "$(echo "$MIB / $fer" | bc -l)"
