#!/usr/bin/env bash
# Indicator throughput: analysis-service's incremental engine vs ta4j 0.19 over the same bars, in one
# run, single thread. Usage: benchmarks/analysis/run.sh [bars=1000000] [engineRuns=5] [ta4jRuns=1]
# Prints a Markdown table; copy it into RESULTS.md with the date, machine and load.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/analysis-service/target/benchmark"
mkdir -p "$out"

# a JDK 21+ in JAVA_HOME (kept when set), as the local runner finds it
# shellcheck source=deploy/local/find-jdk.sh
source "$root/deploy/local/find-jdk.sh"

# compile the engine and resolve the test class path (ta4j is a test dependency of the module)
"$root/mvnw" -q -B -f "$root/pom.xml" -pl analysis-service -am test-compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt" \
  -Dspotless.check.skip=true >/dev/null

classpath="$root/analysis-service/target/classes:$(cat "$out/classpath.txt")"
"$JAVA_HOME/bin/javac" -d "$out" -cp "$classpath" "$here/IndicatorBenchmark.java"

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores)"
echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -Xms2g -Xmx2g -XX:+UseParallelGC -cp "$out:$classpath" \
  IndicatorBenchmark "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
