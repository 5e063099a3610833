#!/usr/bin/env bash
# Inhibition tests for monitoring/alertmanager.yml against a real Alertmanager (Debian's
# prometheus-alertmanager, the version amtool comes with): starts it on a free local port with the
# real config (no clustering, scratch storage), posts the alerts of each case of
# alertmanager-inhibitions.tsv through its API and checks which are inhibited. Notifications to
# PagerDuty, Slack, email and alert-service fail here (no secrets, no network): not what is tested.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
config="${1:-$here/../alertmanager.yml}"
work=$(mktemp -d)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
prometheus-alertmanager --config.file="$config" --storage.path="$work" --web.listen-address="127.0.0.1:$port" \
  --cluster.listen-address= --log.level=error >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 50); do curl -sf "$url/-/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "$url/-/ready" >/dev/null || { echo "FAIL alertmanager did not start:" >&2; cat "$work/log" >&2; exit 1; }

/usr/bin/python3 - "$url" "$here/alertmanager-inhibitions.tsv" <<'PY'
import json, sys, time, urllib.request
url, cases_path = sys.argv[1], sys.argv[2]

def call(method, path, body=None):
    req = urllib.request.Request(url + path, method=method, data=json.dumps(body).encode() if body else None,
                                 headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b'null')

def labels(text):
    return dict(kv.split('=', 1) for kv in text.split())

failed = count = 0
case = 0
for line in open(cases_path):
    if not line.strip() or line.startswith('#'):
        continue
    expected, source, target = [f.strip() for f in line.rstrip('\n').split('\t')]
    case += 1
    count += 1
    src, tgt = labels(source), labels(target)
    src['case'] = tgt['case'] = str(case)
    now = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
    call('POST', '/api/v2/alerts', [{'labels': src, 'startsAt': now}, {'labels': tgt, 'startsAt': now}])
    state = None
    for alert in call('GET', '/api/v2/alerts?filter=case%3D%22' + str(case) + '%22'):
        if alert['labels'] == tgt:
            state = 'inhibited' if alert['status']['inhibitedBy'] else 'notified'
    # resolve both, so that they cannot inhibit the next case
    past = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(time.time() - 1))
    call('POST', '/api/v2/alerts', [{'labels': src, 'startsAt': past, 'endsAt': past},
                                     {'labels': tgt, 'startsAt': past, 'endsAt': past}])
    if state != expected:
        failed += 1
        print('FAIL inhibition: %s while %s fires: expected %s, got %s' % (target, source, expected, state), file=sys.stderr)
print('%d inhibition tests, %d failed' % (count, failed))
sys.exit(1 if failed else 0)
PY
