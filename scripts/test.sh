#!/usr/bin/env bash
# Runs every test: unit tests, then (against the built jar) the crash tests and the real-client
# end-to-end scripts in scripts/e2e/. Installs the Debian packages those need if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
exec mvn -B verify "$@"
