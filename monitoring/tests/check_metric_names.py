#!/usr/bin/python3
"""Every metric a rule or a dashboard reads must be exported by someone.

Collects the metric names used by the Prometheus rules (*.rules) and the Grafana dashboards
(grafana/dashboards/*.json, Prometheus targets and template variables), then checks each one:
  - a recorded name (level:metric:operation) must be recorded by a rule;
  - any other name must appear on the /q/metrics of a running service (--scrape URL, repeatable),
    or be provided by an exporter or library (provided-metrics.txt), or, unless --require-live,
    be listed in the metric catalogue (--catalogue docs/metrics.md).
A `le="X"` matcher on a histogram seen live must name a bucket boundary the service really has.
Exit status 1 names every unknown metric and where it is used.
"""
import argparse
import glob
import json
import os
import re
import sys
import urllib.request

import yaml

KEYWORDS = {
    'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or',
    'unless', 'offset', 'inf', 'nan', 'atan2',
}
AGGREGATIONS = {
    'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk',
    'topk', 'quantile',
}
GROUPING = {'by', 'without', 'on', 'ignoring', 'group_left', 'group_right'}
IDENT = re.compile(r'[A-Za-z_:][A-Za-z0-9_:]*')
NUMBER = re.compile(r'0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?(?:[smhdwy]|ms)?')


def _skip_string(s, i):
    quote = s[i]
    i += 1
    while i < len(s) and s[i] != quote:
        i += 2 if s[i] == '\\' and quote != '`' else 1
    return i + 1


def _skip_bracketed(s, i, open_, close):
    depth = 0
    while i < len(s):
        c = s[i]
        if c in '"\'`':
            i = _skip_string(s, i)
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError('unbalanced %s in %r' % (open_, s))


def selectors(expr):
    """Yields (metric name, label matcher text) for every vector selector of a PromQL expression."""
    s, i = expr, 0
    while i < len(s):
        c = s[i]
        if c in '"\'`':
            i = _skip_string(s, i)
        elif c == '[':
            i = _skip_bracketed(s, i, '[', ']')
        elif c == '$':  # Grafana variables: $var, ${var}, $__rate_interval
            m = re.compile(r'\$\{[^}]*\}|\$[A-Za-z0-9_]+').match(s, i)
            i = m.end() if m else i + 1
        elif c == '{':  # a selector without a name before it: {__name__="x"}
            end = _skip_bracketed(s, i, '{', '}')
            m = re.search(r'__name__\s*=\s*"([^"]+)"', s[i:end])
            if m:
                yield m.group(1), s[i:end]
            i = end
        elif c.isdigit() or (c == '.' and i + 1 < len(s) and s[i + 1].isdigit()):
            i = NUMBER.match(s, i).end()
        elif IDENT.match(s, i):
            m = IDENT.match(s, i)
            word, i = m.group(0), m.end()
            j = i
            while j < len(s) and s[j].isspace():
                j += 1
            nxt = s[j] if j < len(s) else ''
            if word.lower() in GROUPING and nxt == '(':
                i = _skip_bracketed(s, j, '(', ')')  # label names
            elif word.lower() == 'offset':
                m2 = NUMBER.match(s, j)
                i = m2.end() if m2 else j
            elif word.lower() in KEYWORDS or word in AGGREGATIONS or nxt == '(':
                pass  # an operator, or a function / aggregation
            else:
                matchers = ''
                if nxt == '{':
                    end = _skip_bracketed(s, j, '{', '}')
                    matchers, i = s[j:end], end
                yield word, matchers
        else:
            i += 1


def rule_exprs(path):
    with open(path) as f:
        doc = yaml.safe_load(f)
    recorded, used = set(), []
    for group in doc.get('groups', []):
        for rule in group.get('rules', []):
            if 'record' in rule:
                recorded.add(rule['record'])
            used.append(('%s: %s' % (os.path.basename(path), rule.get('alert') or rule.get('record')), rule['expr']))
    return recorded, used


def dashboard_exprs(path):
    with open(path) as f:
        dash = json.load(f)
    name = os.path.basename(path)
    used = []

    def is_prometheus(ds):
        return not ds or (isinstance(ds, dict) and ds.get('type') == 'prometheus') or ds in ('prometheus', '${datasource}')

    def panels(ps):
        for p in ps:
            yield p
            yield from panels(p.get('panels', []))

    for panel in panels(dash.get('panels', [])):
        for target in panel.get('targets', []):
            if 'expr' in target and is_prometheus(target.get('datasource', panel.get('datasource'))):
                used.append(('%s: %s' % (name, panel.get('title')), target['expr']))
    for var in dash.get('templating', {}).get('list', []):
        if var.get('type') != 'query' or not is_prometheus(var.get('datasource')):
            continue
        q = var.get('query')
        q = q.get('query', '') if isinstance(q, dict) else (q or '')
        m = re.match(r'\s*label_values\((.*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$', q)
        if m:
            used.append(('%s: variable %s' % (name, var.get('name')), m.group(1)))
        elif re.match(r'\s*label_values\(', q):
            continue  # label_values(label): no metric
        elif re.match(r'\s*query_result\((.*)\)\s*$', q):
            used.append(('%s: variable %s' % (name, var.get('name')), re.match(r'\s*query_result\((.*)\)\s*$', q).group(1)))
    return used


def catalogue_names(path):
    names = set()
    with open(path) as f:
        for line in f:
            if not line.startswith('|'):
                continue
            first = line.split('|')[1]
            for token in re.findall(r'`([^`]+)`', first):
                base = re.match(r'[A-Za-z_:][A-Za-z0-9_:]*', token)
                if not base:
                    continue
                base = base.group(0)
                rest = token[len(base):]
                if rest == '*' and base.endswith('_'):
                    names.update(base + s for s in ('count', 'sum', 'max'))  # a timer; buckets only where enabled
                elif rest.startswith('/'):
                    stem = re.sub(r'_(bucket|count|sum|max)$', '', base)
                    names.add(base)
                    names.update(stem + sfx for sfx in re.findall(r'/(_[a-z]+)', rest))
                else:
                    names.add(base)
    return names


def provided_names(path):
    names, source = {}, None
    with open(path) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            m = re.match(r'\[(.+)\]$', line)
            if m:
                source = m.group(1)
            else:
                names[line] = source
    return names


def scrape(url):
    """name -> set of `le` values seen (empty set for non-histograms)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode('utf-8')
    seen = {}
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        m = re.match(r'([A-Za-z_:][A-Za-z0-9_:]*)(\{[^}]*\})?', line)
        name = m.group(1)
        seen.setdefault(name, set())
        le = re.search(r'\ble="([^"]*)"', m.group(2) or '')
        if le:
            seen[name].add(float(le.group(1)))
    return seen


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    monitoring = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--rules', nargs='*', default=sorted(glob.glob(os.path.join(monitoring, '*.rules'))))
    ap.add_argument('--dashboards', nargs='*', default=sorted(glob.glob(os.path.join(monitoring, 'grafana', 'dashboards', '*.json'))))
    ap.add_argument('--provided', default=os.path.join(here, 'provided-metrics.txt'))
    ap.add_argument('--catalogue', help='docs/metrics.md: names the services promise (used until all five are scraped)')
    ap.add_argument('--scrape', action='append', default=[], metavar='URL', help='a running service\'s /q/metrics')
    ap.add_argument('--require-live', action='store_true', help='application metrics must be seen on a scrape')
    args = ap.parse_args()

    recorded, used = set(), []
    for path in args.rules:
        r, u = rule_exprs(path)
        recorded |= r
        used += u
    for path in args.dashboards:
        used += dashboard_exprs(path)

    provided = provided_names(args.provided)
    catalogue = catalogue_names(args.catalogue) if args.catalogue else set()
    live = {}
    for url in args.scrape:
        for name, les in scrape(url).items():
            live.setdefault(name, set()).update(les)

    problems, sources = [], {}
    for where, expr in used:
        for name, matchers in selectors(expr):
            if ':' in name:
                source = 'recorded' if name in recorded else None
            elif name in live:
                source = 'live'
                le = re.search(r'\ble\s*=\s*"([^"]+)"', matchers)
                if le and float(le.group(1)) not in live[name]:
                    problems.append('%s: %s{le="%s"}: no such bucket on the scraped services' % (where, name, le.group(1)))
            elif name in provided:
                source = provided[name]
            elif name in catalogue and not args.require_live:
                source = 'catalogue'
            else:
                source = None
            if source is None:
                problems.append('%s: unknown metric %s' % (where, name))
            else:
                sources.setdefault(name, source)

    by_source = {}
    for name, source in sources.items():
        by_source.setdefault(source, []).append(name)
    for source in sorted(by_source):
        print('%-26s %3d  %s' % (source, len(by_source[source]), ' '.join(sorted(by_source[source]))))
    if args.scrape and not args.require_live and by_source.get('catalogue'):
        print('note: %d names come from the catalogue only (not on the scraped services yet)' % len(by_source['catalogue']))
    for p in problems:
        print('FAIL ' + p, file=sys.stderr)
    print('%d metric names checked in %d expressions, %d problems' % (len(sources), len(used), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
