#!/usr/bin/env bash
# Runs every benchmark harness and rewrites BENCHMARKS.md: each figure beside its baseline
# measured in the same run, as a ratio, with the date, machine and commit.
#
#   benchmarks/run-all.sh            # full runs (tens of minutes); rewrites BENCHMARKS.md
#   benchmarks/run-all.sh --smoke    # seconds per harness, to show each one still works (CI);
#                                    # results go to target/benchmarks-smoke/, BENCHMARKS.md untouched
#   benchmarks/run-all.sh trading    # only the named areas
#
# Needs what the harnesses need: a JDK 21+, PostgreSQL and Redis on localhost, pgbench, wrk, openssl.
# Areas run one after another: a benchmark never shares the machine with another one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

smoke=false
areas=()
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) areas+=("$arg") ;;
  esac
done
if [ ${#areas[@]} -eq 0 ]; then
  # every harness there is, in this order
  for area in analysis market-data trading gateway alert startup; do
    [ -x "$here/$area/run.sh" ] && areas+=("$area")
  done
fi

if $smoke; then
  out="$root/target/benchmarks-smoke"
  # a few seconds each: enough to show the harness runs end to end, not a measurement
  export DURATION=3 WARMUP=2 OPEN_WARMUP=1 RATE=50 RATES=50 USERS=20 CONCURRENCY=4 \
    BENCH_ROWS=2000 BENCH_ROUNDS=1 BENCH_DURATION=3s BENCH_RATE=20 \
    RUNS=1 REQUESTS=50 QV_BENCH_SMOKE=1
  analysis_args=(20000 1 1)
else
  out="$root/target/benchmarks"
  analysis_args=()
fi
mkdir -p "$out"

# shellcheck source=SCRIPTDIR/../deploy/local/find-jdk.sh
source "$root/deploy/local/find-jdk.sh"
# the harnesses start the packaged services: build them unless every jar is there (as after ./mvnw verify)
for service in gateway-service market-data-service analysis-service trading-service alert-service; do
  if [ ! -f "$root/$service/target/quarkus-app/quarkus-run.jar" ]; then
    (cd "$root" && ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true)
    break
  fi
done

failed=()
for area in "${areas[@]}"; do
  script="$here/$area/run.sh"
  if [ ! -x "$script" ]; then
    echo "== $area: no harness ($script)" >&2
    failed+=("$area")
    continue
  fi
  echo "== $area"
  started=$(date +%s)
  result="$out/$area.md"
  if [ "$area" = analysis ]; then
    # prints its table rather than writing a file
    if "$script" "${analysis_args[@]}" > "$out/analysis.out" 2>&1; then
      { echo "# analysis-service: indicator engine vs ta4j (same bars, same run)"; echo; echo '```';
        grep -v '^WARNING' "$out/analysis.out"; echo '```'; } > "$result"
    else
      cat "$out/analysis.out" >&2
      failed+=("$area")
    fi
  elif ! RESULTS_FILE="$result" "$script" > "$out/$area.out" 2>&1; then
    tail -40 "$out/$area.out" >&2
    failed+=("$area")
  fi
  echo "   $(( $(date +%s) - started )) s"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]} (logs in $out)" >&2
  exit 1
fi

if $smoke; then
  echo "smoke run passed: ${areas[*]} (results in $out, BENCHMARKS.md untouched)"
  exit 0
fi

{
  echo "# Benchmarks"
  echo
  echo "Rewritten by \`benchmarks/run-all.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), commit"
  echo "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown). Machine: $(nproc) cores"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB,"
  echo "$(uname -sr), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)."
  echo "Each section compares the service with a baseline measured in the same run on the same"
  echo "machine; harnesses in \`benchmarks/<area>/\`, each with its own README or header comment."
  for area in "${areas[@]}"; do
    echo
    sed 's/^# /## /' "$out/$area.md"
  done
} > "$root/BENCHMARKS.md"
echo "wrote $root/BENCHMARKS.md"
