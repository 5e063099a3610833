#!/usr/bin/python3
"""What promtool does not check about alert.rules, checked here:
  - every alert has severity critical, warning or info, a summary and a description;
  - its runbook_url points at docs/runbook.md#<alertname in lower case>, and that section exists
    (for a critical alert it must say what the alert means and what to do);
  - the promtool unit tests (tests/*.test.yml) make every alert fire at each of its severities,
    and have a case where it stays quiet.
"""
import glob
import os
import re
import sys

import yaml

RUNBOOK_URL = 'https://github.com/quantvision/quantvision/blob/main/docs/runbook.md#'
SEVERITIES = {'critical', 'warning', 'info'}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    monitoring = os.path.dirname(here)
    rules_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(monitoring, 'alert.rules')
    runbook_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(monitoring, '..', 'docs', 'runbook.md')
    tests = sys.argv[3:] or sorted(glob.glob(os.path.join(here, '*.test.yml')))

    with open(runbook_path) as f:
        runbook = f.read()
    sections = {}
    for m in re.finditer(r'^### (\S+)\s*\n(.*?)(?=^#{1,3} |\Z)', runbook, re.M | re.S):
        sections[m.group(1).lower()] = m.group(2)

    fired, quiet = {}, set()
    for path in tests:
        with open(path) as f:
            doc = yaml.safe_load(f)
        for test in doc.get('tests', []):
            for case in test.get('alert_rule_test', []) or []:
                name = case['alertname']
                if not case.get('exp_alerts'):
                    quiet.add(name)
                for alert in case.get('exp_alerts') or []:
                    fired.setdefault(name, set()).add(alert.get('exp_labels', {}).get('severity'))

    problems, alerts = [], 0
    with open(rules_path) as f:
        doc = yaml.safe_load(f)
    for group in doc['groups']:
        for rule in group['rules']:
            if 'alert' not in rule:
                continue
            alerts += 1
            name = rule['alert']
            labels, annotations = rule.get('labels', {}), rule.get('annotations', {})
            severity = labels.get('severity')
            if severity not in SEVERITIES:
                problems.append('%s: severity %r is not one of %s' % (name, severity, sorted(SEVERITIES)))
            for key in ('summary', 'description', 'runbook_url'):
                if not annotations.get(key):
                    problems.append('%s: no %s annotation' % (name, key))
            url = annotations.get('runbook_url', '')
            if url != RUNBOOK_URL + name.lower():
                problems.append('%s: runbook_url should be %s%s' % (name, RUNBOOK_URL, name.lower()))
            section = sections.get(name.lower())
            if section is None:
                problems.append('%s: no "### %s" section in docs/runbook.md' % (name, name))
            elif severity == 'critical' and not ('**What it means**' in section and '**What to do**' in section):
                problems.append('%s: critical, its runbook section needs **What it means** and **What to do**' % name)
            if severity not in fired.get(name, set()):
                problems.append('%s: no unit test makes it fire with severity %s' % (name, severity))
            if name not in quiet:
                problems.append('%s: no unit test where it stays quiet (exp_alerts: [])' % name)

    for p in problems:
        print('FAIL ' + p, file=sys.stderr)
    print('%d alerting rules checked against the runbook and %d test files, %d problems' % (alerts, len(tests), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
