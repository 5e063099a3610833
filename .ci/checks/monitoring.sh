#!/usr/bin/env bash
# monitoring/: every file checked by its real tool (see shared VALIDATORS.md), then the checks
# promtool and amtool cannot do (metric names, runbook links, test coverage, generated
# dashboards), then each check run once on a broken sample (monitoring/tests/broken/) to prove
# it still rejects what it should.
#
# Optional live scrape of the services (the metric names the rules use must be exported):
#   QV_MONITORING_LIVE=1            start the built services and scrape them (scrape-services.sh)
#   QV_MONITORING_REQUIRE_LIVE=1    ...and accept no application metric that is only in docs/metrics.md
#   QV_METRICS_URLS="url ..."       scrape services that are already running instead
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=.ci/lib.sh
source .ci/lib.sh

m=monitoring
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { echo "-- $*"; }
must_fail() { # description, command...: the command must exit non-zero
  local what=$1; shift
  if "$@" >"$work/out" 2>&1; then
    echo "FAIL: $what: the check accepted a broken sample" >&2
    cat "$work/out" >&2
    exit 1
  fi
  echo "   rejected as it should: $what"
}

apt_install prometheus prometheus-alertmanager yamllint python3-yaml
npm_tools

step "promtool check config (and the rule files it loads)"
promtool check config "$m/prometheus.yml"

step "promtool check rules"
promtool check rules "$m"/*.rules

step "promtool test rules"
promtool test rules "$m"/tests/*.test.yml

step "alerts: severity, annotations, runbook section, fired and quiet in the unit tests"
$py "$m/tests/check_rules.py"

step "amtool check-config"
amtool check-config "$m/alertmanager.yml"

step "amtool route tests"
"$m/tests/check-alertmanager-routes.sh"

step "inhibitions, on a real Alertmanager"
"$m/tests/check-alertmanager-inhibitions.sh"

step "dashboards are what generate_dashboards.py writes"
$py "$m/grafana/generate_dashboards.py" --check

step "dashboards against Grafana's dashboard schema (@grafana/schema)"
ts-json-schema-generator --path .ci/tools/node_modules/@grafana/schema/dist/types/raw/dashboard/x/types.gen.d.ts \
  --type Dashboard --no-type-check -o "$work/dashboard.schema.json"
ajv validate --spec=draft7 -c ajv-formats --strict=false -s "$work/dashboard.schema.json" -d "$m/grafana/dashboards/*.json"

step "yamllint (Loki, Promtail, Grafana provisioning, Prometheus, Alertmanager, rules, tests)"
mapfile -t yaml_files < <(find "$m" \( -name '*.yml' -o -name '*.rules' \) -not -path '*/broken/*' | sort)
yamllint -c "$m/yamllint.yml" "${yaml_files[@]}"

step "metric names used by the rules and dashboards"
scrape=()
for url in ${QV_METRICS_URLS:-}; do scrape+=(--scrape "$url"); done
live=()
[ "${QV_MONITORING_REQUIRE_LIVE:-}" = 1 ] && live=(--require-live)
if [ "${QV_MONITORING_LIVE:-}" = 1 ]; then
  "$m/tests/scrape-services.sh" "${live[@]}"
else
  $py "$m/tests/check_metric_names.py" --catalogue docs/metrics.md "${live[@]}" "${scrape[@]}"
fi

step "SmallRye Fault Tolerance metric names (registered on first call, so not on a fresh scrape)"
classpath=trading-service/target/quarkus-app/lib/main
if [ -d "$classpath" ]; then
  # shellcheck source=deploy/local/find-jdk.sh
  [ -n "${JAVA_HOME:-}" ] || source deploy/local/find-jdk.sh
  "$JAVA_HOME/bin/java" -cp "$classpath/*" "$m/tests/FaultToleranceMetricNames.java" 2>/dev/null \
    | sed 's/{.*//' | sort -u > "$work/ft-real"
  sed -n '/^\[smallrye-fault-tolerance\]/,/^\[/p' "$m/tests/provided-metrics.txt" | grep '^ft_' | sort -u > "$work/ft-listed"
  absent=$(comm -23 "$work/ft-listed" "$work/ft-real")
  if [ -n "$absent" ]; then
    echo "FAIL: provided-metrics.txt lists fault-tolerance names the library does not produce: $absent" >&2
    exit 1
  fi
  echo "   $(wc -l < "$work/ft-listed") listed names produced by the library"
else
  echo "   skipped: $classpath not built"
fi

step "each check rejects its broken sample (monitoring/tests/broken, and copies of the real files broken here)"
b="$m/tests/broken"
sed 's/^    - receiver: email-info$/    - receiver: email-infos/' "$m/alertmanager.yml" > "$work/am-unknown-receiver.yml"
sed '/^      continue: true$/d' "$m/alertmanager.yml" > "$work/am-no-continue.yml"
sed '/^    equal: \[service\]$/d' "$m/alertmanager.yml" > "$work/am-servicedown-inhibits-all.yml"
$py -c 'import json, sys; d = json.load(open(sys.argv[1])); d["panels"][1]["gridPos"] = {"h": 8}; json.dump(d, open(sys.argv[2], "w"))' \
  "$m/grafana/dashboards/overview.json" "$work/dashboard-bad-gridpos.json"
must_fail "promtool check rules: PromQL that does not parse" promtool check rules "$b/bad-promql.rules"
must_fail "promtool test rules: a wrong expectation" promtool test rules "$b/wrong-expectation.test.yml"
must_fail "check_metric_names.py: a rule on an unknown metric" \
  $py "$m/tests/check_metric_names.py" --rules "$b/unknown-metric.rules" --dashboards --catalogue docs/metrics.md
must_fail "check_rules.py: an alert without severity or runbook" \
  $py "$m/tests/check_rules.py" "$b/no-runbook.rules" docs/runbook.md "$m/tests/services.test.yml"
must_fail "amtool check-config: a route to an unknown receiver" amtool check-config "$work/am-unknown-receiver.yml"
must_fail "route tests: critical alerts that never reach alert-service" \
  "$m/tests/check-alertmanager-routes.sh" "$work/am-no-continue.yml"
must_fail "inhibition tests: ServiceDown silencing every service's alerts" \
  "$m/tests/check-alertmanager-inhibitions.sh" "$work/am-servicedown-inhibits-all.yml"
must_fail "ajv: a panel without a complete gridPos" \
  ajv validate --spec=draft7 -c ajv-formats --strict=false -s "$work/dashboard.schema.json" -d "$work/dashboard-bad-gridpos.json"
must_fail "yamllint: a duplicated key" yamllint -c "$m/yamllint.yml" "$b/duplicate-key.yml"

echo "monitoring: all checks passed"
