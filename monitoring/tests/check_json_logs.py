#!/usr/bin/python3
"""The services' JSON log lines carry what promtail-config.yml extracts.

Reads the `json` stage of the quantvision-services job in promtail-config.yml and checks every line
of the given service logs (written with LOG_FORMAT=json): each line is one JSON object; the
fields promtail turns into labels (level, service, environment) and its timestamp are there on
every line; the others (request_id under mdc, logger) resolve where present. A service's
`service` field must be its own name. The gateway's request log (logger qv.request) carries its
fields as members of mdc, not as a JSON string inside message; a gateway log has one at least.
  check_json_logs.py SERVICE=LOGFILE...
"""
import json
import os
import sys
import re

import yaml

RFC3339 = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$')
ALWAYS = {'timestamp', 'level', 'service', 'environment', 'logger'}
REQUEST_LOG = 'qv.request'
REQUEST_FIELDS = ('request_id', 'method', 'path', 'status', 'latency_ms', 'bytes_in', 'bytes_out')


def lookup(obj, path):
    for part in path.split('.'):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, '..', 'promtail-config.yml')) as f:
        config = yaml.safe_load(f)
    job = next(j for j in config['scrape_configs'] if j['job_name'] == 'quantvision-services')
    expressions = next(s['json']['expressions'] for s in job['pipeline_stages'] if 'json' in s)
    problems, lines, request_lines = [], 0, 0
    for arg in sys.argv[1:]:
        service, path = arg.split('=', 1)
        before = request_lines
        with open(path, errors='replace') as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                lines += 1
                where = '%s:%d' % (os.path.basename(path), n)
                try:
                    record = json.loads(line)
                except ValueError:
                    problems.append('%s: not a JSON object: %s' % (where, line.strip()[:120]))
                    continue
                for name, path_ in expressions.items():
                    value = lookup(record, path_)
                    if name in ALWAYS and value in (None, ''):
                        problems.append('%s: no %s (%s)' % (where, name, path_))
                if record.get('service') != service:
                    problems.append('%s: service is %r, not %r' % (where, record.get('service'), service))
                if not isinstance(record.get('mdc'), dict):
                    problems.append('%s: no mdc object (request_id lives there)' % where)
                if record.get('loggerName') == REQUEST_LOG:
                    request_lines += 1
                    mdc = record.get('mdc') or {}
                    missing = [f for f in REQUEST_FIELDS if f not in mdc]
                    if missing:
                        problems.append('%s: request log without %s in mdc' % (where, ', '.join(missing)))
                    if str(record.get('message', '')).lstrip().startswith('{'):
                        problems.append('%s: request log message is JSON inside JSON' % where)
                if not RFC3339.match(str(record.get('timestamp', ''))):
                    problems.append('%s: timestamp %r is not RFC 3339' % (where, record.get('timestamp')))
        # scrape-services.sh sends every service one request on its public port
        if service == 'gateway-service' and request_lines == before:
            problems.append('%s: no request log line (logger %s)' % (os.path.basename(path), REQUEST_LOG))
    for p in problems[:50]:
        print('FAIL ' + p, file=sys.stderr)
    print('%d JSON log lines (%d request log) of %d services checked against promtail-config.yml, '
          '%d problems' % (lines, request_lines, len(sys.argv) - 1, len(problems)))
    return 1 if problems or not lines else 0


if __name__ == '__main__':
    sys.exit(main())
