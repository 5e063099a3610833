#!/usr/bin/env bash
# Route tests for monitoring/alertmanager.yml with amtool: the cases of alertmanager-routes.tsv,
# then every alert of alert.rules routed by its own labels to the receivers of its severity.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
config="${1:-$here/../alertmanager.yml}"
rules="${2:-$here/../alert.rules}"
failed=0 count=0

route() { # expected receivers, labels...
  local expected=$1; shift
  count=$((count + 1))
  if ! amtool config routes test --config.file="$config" --verify.receivers="$expected" "$@" >/dev/null 2>&1; then
    echo "FAIL route: $* -> expected $expected, got $(amtool config routes test --config.file="$config" "$@" 2>/dev/null)" >&2
    failed=$((failed + 1))
  fi
}

while IFS=$'\t' read -r expected labels; do
  case "$expected" in ''|'#'*) continue ;; esac
  # shellcheck disable=SC2086
  route "$expected" $labels
done < "$here/alertmanager-routes.tsv"

# every alerting rule: its static labels, by severity
while read -r expected labels; do
  # shellcheck disable=SC2086
  route "$expected" $labels
done < <(/usr/bin/python3 - "$rules" <<'PY'
import sys, yaml
receivers = {'critical': 'alert-service-critical', 'warning': 'slack-warning', 'info': 'email-info'}
# alert-service pages for critical alerts, except its own (PagerDuty directly) and Alertmanager's
# notification failures (both paths)
def expected(labels):
    if labels.get('severity') == 'critical' and labels.get('service') == 'alert-service':
        return 'pagerduty-critical'
    if labels.get('severity') == 'critical' and labels['alertname'] == 'AlertmanagerNotificationsFailing':
        return 'pagerduty-critical,alert-service-critical'
    return receivers.get(labels.get('severity'), 'MISSING-SEVERITY')
for group in yaml.safe_load(open(sys.argv[1]))['groups']:
    for rule in group['rules']:
        if 'alert' in rule:
            labels = dict(rule.get('labels', {}), alertname=rule['alert'])
            print(expected(labels), ' '.join('%s=%s' % kv for kv in sorted(labels.items())))
PY
)

echo "$count route tests, $failed failed"
[ "$failed" -eq 0 ]
