#!/usr/bin/env bash
# Benchmarks in CI: a smoke run only (seconds per harness), to show every harness still runs end to
# end against the real services. Measurements are made with benchmarks/run-all.sh on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
apt_install wrk openssl postgresql-client
benchmarks/run-all.sh --smoke
