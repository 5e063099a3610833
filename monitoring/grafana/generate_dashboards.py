#!/usr/bin/python3
"""Writes the Grafana dashboards of monitoring/grafana/dashboards/ from the definitions below.

The JSON files are committed (Grafana provisions them as they are); edit this file and run it
again, never the JSON. `--check` fails when a committed file differs from what this generates
(CI runs it). Datasources are those of provisioning/datasources/datasources.yml, by uid.
"""
import json
import os
import sys

PROMETHEUS = {'type': 'prometheus', 'uid': 'prometheus'}
LOKI = {'type': 'loki', 'uid': 'loki'}
SCHEMA_VERSION = 41
SEL = 'environment=~"$environment"'
SVC = 'environment=~"$environment",service=~"$service"'


def thresholds(*steps):
    """steps: (value, color) after the base color of the first tuple (value None)."""
    return {'mode': 'absolute', 'steps': [{'value': v, 'color': c} for v, c in steps]}


class Dashboard:
    def __init__(self, uid, title, description, tags, variables):
        self.uid, self.title, self.description, self.tags = uid, title, description, tags
        self.variables = variables
        self.panels, self.y, self.x, self.row_h, self.next_id = [], 0, 0, 0, 1

    def row(self, title):
        self._newline()
        self.panels.append({'type': 'row', 'title': title, 'id': self._id(), 'collapsed': False, 'panels': [],
                            'gridPos': {'h': 1, 'w': 24, 'x': 0, 'y': self.y}})
        self.y += 1

    def panel(self, kind, title, targets, w=12, h=8, unit=None, description=None, options=None,
              field=None, datasource=PROMETHEUS):
        if self.x + w > 24:
            self._newline()
        p = {'type': kind, 'title': title, 'id': self._id(), 'datasource': datasource,
             'gridPos': {'h': h, 'w': w, 'x': self.x, 'y': self.y}}
        if description:
            p['description'] = description
        p['targets'] = [dict(t, refId=chr(ord('A') + i), datasource=datasource) for i, t in enumerate(targets)]
        defaults = dict(field or {})
        if unit:
            defaults['unit'] = unit
        p['fieldConfig'] = {'defaults': defaults, 'overrides': []}
        p['options'] = options or {}
        self.panels.append(p)
        self.x += w
        self.row_h = max(self.row_h, h)

    def _newline(self):
        self.y += self.row_h
        self.x, self.row_h = 0, 0

    def _id(self):
        self.next_id += 1
        return self.next_id - 1

    def json(self):
        return {
            'uid': self.uid,
            'title': self.title,
            'description': self.description,
            'tags': ['quantvision'] + self.tags,
            'timezone': 'browser',
            'editable': False,
            'graphTooltip': 1,
            'refresh': '30s',
            'schemaVersion': SCHEMA_VERSION,
            'time': {'from': 'now-6h', 'to': 'now'},
            'links': [{'title': 'QuantVision', 'type': 'dashboards', 'tags': ['quantvision'], 'asDropdown': True,
                       'icon': 'external link', 'includeVars': True, 'keepTime': True, 'targetBlank': False,
                       'tooltip': '', 'url': ''}],
            'annotations': {'list': [{
                'builtIn': 1, 'name': 'Annotations & Alerts', 'type': 'dashboard', 'enable': True, 'hide': True,
                'iconColor': 'rgba(0, 211, 255, 1)', 'datasource': {'type': 'grafana', 'uid': '-- Grafana --'},
                'target': {'limit': 100, 'matchAny': False, 'tags': [], 'type': 'dashboard'},
            }]},
            'templating': {'list': self.variables},
            'panels': self.panels,
        }


def query_var(name, label, query, multi=False):
    return {'name': name, 'label': label, 'type': 'query', 'datasource': PROMETHEUS,
            'query': {'query': query, 'refId': 'PrometheusVariableQueryEditor-VariableQuery'},
            'refresh': 2, 'sort': 1, 'includeAll': multi, 'multi': multi,
            **({'allValue': '.+'} if multi else {})}


ENVIRONMENT = query_var('environment', 'Environment', 'label_values(process_cpu_usage, environment)')
SERVICE = query_var('service', 'Service', 'label_values(process_cpu_usage{%s}, service)' % SEL, multi=True)
TS = {'legend': {'displayMode': 'table', 'placement': 'right', 'calcs': ['lastNotNull', 'max']},
      'tooltip': {'mode': 'multi', 'sort': 'desc'}}
STAT = {'reduceOptions': {'calcs': ['lastNotNull'], 'fields': '', 'values': False},
        'colorMode': 'background', 'graphMode': 'none', 'textMode': 'value_and_name'}


def q(expr, legend=None, instant=False, fmt=None):
    t = {'expr': expr, 'legendFormat': legend or '__auto'}
    if instant:
        t['instant'], t['range'] = True, False
    if fmt:
        t['format'] = fmt
    return t


def overview():
    d = Dashboard('quantvision-overview', 'QuantVision / Overview',
                  'Rate, errors and duration of the five services; gateway SLOs; JVM, database pools and infrastructure.',
                  ['overview'], [ENVIRONMENT, SERVICE])
    d.row('Services')
    d.panel('stat', 'Up', [q('up{tier="service"}', '{{job}}', instant=True)], w=24, h=4, options=STAT,
            field={'mappings': [{'type': 'value', 'options': {'0': {'text': 'DOWN', 'color': 'red'},
                                                              '1': {'text': 'UP', 'color': 'green'}}}],
                   'thresholds': thresholds((None, 'red'), (1, 'green'))})
    d.panel('timeseries', 'Request rate', [q('service:http_server_requests:rate5m{%s}' % SVC, '{{service}}')],
            w=8, unit='reqps', options=TS)
    d.panel('timeseries', 'Error ratio (5xx)', [q('service:http_server_requests_errors:ratio_rate5m{%s}' % SVC, '{{service}}')],
            w=8, unit='percentunit', options=TS, description='Alert HighErrorRate above 1% for 5 minutes.',
            field={'thresholds': thresholds((None, 'green'), (0.01, 'red')), 'custom': {'thresholdsStyle': {'mode': 'line'}}})
    d.panel('timeseries', 'Latency p95', [q('service:http_server_requests_seconds:p95_5m{%s}' % SVC, '{{service}}')],
            w=8, unit='s', options=TS, description='Alert HighLatencyP95 above 500 ms for 10 minutes.',
            field={'thresholds': thresholds((None, 'green'), (0.5, 'red')), 'custom': {'thresholdsStyle': {'mode': 'line'}}})
    d.panel('timeseries', 'Latency p50 / p99', [
        q('service:http_server_requests_seconds:p50_5m{%s}' % SVC, 'p50 {{service}}'),
        q('service:http_server_requests_seconds:p99_5m{%s}' % SVC, 'p99 {{service}}')], w=12, unit='s', options=TS)
    d.panel('timeseries', 'Requests by status', [q(
        'sum by (service, status) (rate(http_server_requests_seconds_count{%s}[$__rate_interval]))' % SVC,
        '{{service}} {{status}}')], w=12, unit='reqps', options=TS)
    d.panel('table', 'Slowest endpoints (p95, 1h)', [q(
        'topk(15, histogram_quantile(0.95, sum by (service, method, uri, le) '
        '(rate(http_server_requests_seconds_bucket{%s}[1h]))))' % SVC, instant=True, fmt='table')],
            w=24, h=8, unit='s')

    d.row('Gateway SLOs (30 days)')
    d.panel('stat', 'Availability, last 3 days', [q(
        '1 - slo:gateway_availability_errors:ratio_rate3d{%s}' % SEL, '{{environment}}', instant=True)],
            w=6, unit='percentunit', options=STAT,
            field={'decimals': 3, 'thresholds': thresholds((None, 'red'), (0.999, 'green'))})
    d.panel('stat', 'Within 500 ms, last 3 days', [q(
        '1 - slo:gateway_latency_slow:ratio_rate3d{%s}' % SEL, '{{environment}}', instant=True)],
            w=6, unit='percentunit', options=STAT,
            field={'decimals': 2, 'thresholds': thresholds((None, 'red'), (0.99, 'green'))})
    d.panel('timeseries', 'Availability budget burn rate', [
        q('slo:gateway_availability_errors:ratio_rate1h{%s} / 0.001' % SEL, '1h'),
        q('slo:gateway_availability_errors:ratio_rate6h{%s} / 0.001' % SEL, '6h'),
        q('slo:gateway_availability_errors:ratio_rate1d{%s} / 0.001' % SEL, '1d')],
            w=6, options=TS, description='1 = the budget lasts exactly 30 days; pages at 14.4 (1h) and 6 (6h).')
    d.panel('timeseries', 'Latency budget burn rate', [
        q('slo:gateway_latency_slow:ratio_rate1h{%s} / 0.01' % SEL, '1h'),
        q('slo:gateway_latency_slow:ratio_rate6h{%s} / 0.01' % SEL, '6h'),
        q('slo:gateway_latency_slow:ratio_rate1d{%s} / 0.01' % SEL, '1d')], w=6, options=TS)

    d.row('Gateway edge')
    d.panel('timeseries', 'Upstream calls by outcome', [q(
        'sum by (upstream, outcome) (rate(qv_gateway_upstream_requests_seconds_count{%s}[$__rate_interval]))' % SEL,
        '{{upstream}} {{outcome}}')], w=8, unit='reqps', options=TS)
    d.panel('timeseries', 'Rate-limit decisions', [q(
        'sum by (outcome, limiter) (rate(qv_gateway_ratelimit_decisions_total{%s}[$__rate_interval]))' % SEL,
        '{{outcome}} ({{limiter}})')], w=8, unit='reqps', options=TS)
    d.panel('timeseries', 'Logins by outcome', [q(
        'sum by (outcome) (rate(qv_gateway_auth_logins_total{%s}[$__rate_interval]))' % SEL, '{{outcome}}')],
            w=8, unit='reqps', options=TS)

    d.row('JVM and database pools')
    d.panel('timeseries', 'CPU (process)', [q('process_cpu_usage{%s}' % SVC, '{{service}} {{instance}}')],
            w=8, unit='percentunit', options=TS)
    d.panel('timeseries', 'Heap used', [q(
        'sum by (service, instance) (jvm_memory_used_bytes{area="heap",%s}) / '
        'sum by (service, instance) (jvm_memory_max_bytes{area="heap",%s} > 0)' % (SVC, SVC),
        '{{service}} {{instance}}')], w=8, unit='percentunit', options=TS)
    d.panel('timeseries', 'JDBC connections: active / waiting', [
        q('sum by (service) (agroal_active_count{%s})' % SVC, 'active {{service}}'),
        q('sum by (service) (agroal_awaiting_count{%s})' % SVC, 'waiting {{service}}')], w=8, options=TS)

    d.row('Infrastructure')
    d.panel('timeseries', 'PostgreSQL connections / max_connections', [q(
        'sum by (instance) (pg_stat_database_numbackends) / on (instance) max by (instance) (pg_settings_max_connections)',
        '{{instance}}')], w=6, unit='percentunit', options=TS)
    d.panel('timeseries', 'Redis memory / maxmemory', [q(
        'redis_memory_used_bytes / (redis_memory_max_bytes > 0)', '{{instance}}')], w=6, unit='percentunit', options=TS)
    d.panel('timeseries', 'Host CPU busy', [q(
        '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[$__rate_interval]))', '{{instance}}')],
            w=6, unit='percentunit', options=TS)
    d.panel('timeseries', 'Disk free', [q(
        'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs"}',
        '{{instance}} {{mountpoint}}')], w=6, unit='percentunit', options=TS)

    d.row('Logs')
    d.panel('logs', 'Errors and warnings', [{'expr': '{service=~"$service", environment=~"$environment", level=~"error|warn"}'}],
            w=24, h=10, datasource=LOKI, options={'showTime': True, 'wrapLogMessage': True, 'sortOrder': 'Descending',
                                                  'enableLogDetails': True})
    return d


def trading():
    d = Dashboard('quantvision-trading', 'QuantVision / Trading',
                  'Orders, risk rejections by reason, fills, P&L, broker failures and circuit breakers, the kill switch.',
                  ['trading'], [ENVIRONMENT])
    T = 'environment=~"$environment",service="trading-service"'
    d.row('State')
    d.panel('stat', 'Kill switch', [q('max(qv_trading_state{%s})' % T, 'state', instant=True)], w=6, h=5, options=STAT,
            field={'mappings': [{'type': 'value', 'options': {'0': {'text': 'ACTIVE', 'color': 'green'},
                                                              '1': {'text': 'REDUCING', 'color': 'orange'},
                                                              '2': {'text': 'HALTED', 'color': 'red'}}}]})
    d.panel('stat', 'Orders accepted (range)', [q(
        'sum(increase(qv_orders_submitted_total{outcome="accepted",%s}[$__range]))' % T, 'accepted', instant=True)],
            w=6, h=5, options=STAT, field={'decimals': 0})
    d.panel('stat', 'Fills (range)', [q('sum(increase(qv_orders_fills_total{%s}[$__range]))' % T, 'fills', instant=True)],
            w=6, h=5, options=STAT, field={'decimals': 0})
    d.panel('stat', 'Risk rejections (range)', [q(
        'sum(increase(qv_orders_risk_rejections_total{%s}[$__range]))' % T, 'rejected', instant=True)],
            w=6, h=5, options=STAT, field={'decimals': 0, 'thresholds': thresholds((None, 'green'), (1, 'orange'))})
    d.row('P&L')
    d.panel('timeseries', 'P&L, all accounts (USD)', [
        q('max(qv_trading_pnl_realized{%s})' % T, 'realized'),
        q('max(qv_trading_pnl_unrealized{%s})' % T, 'unrealized')],
            w=24, h=7, unit='currencyUSD', options=TS,
            description='Realized P&L summed over accounts; unrealized marked to the latest bar price.')
    d.row('Orders')
    d.panel('timeseries', 'Order submissions by outcome (per minute)', [q(
        'sum by (outcome) (rate(qv_orders_submitted_total{%s}[$__rate_interval])) * 60' % T, '{{outcome}}')],
            w=12, options=TS)
    d.panel('timeseries', 'Risk rejections by reason (per minute)', [q(
        'sum by (reason) (rate(qv_orders_risk_rejections_total{%s}[$__rate_interval])) * 60' % T, '{{reason}}')],
            w=12, options=TS, description='Alert RiskRejectionSpike above 25% of submissions.')
    d.panel('bargauge', 'Risk rejections by reason (range)', [q(
        'sort_desc(sum by (reason) (increase(qv_orders_risk_rejections_total{%s}[$__range])))' % T, '{{reason}}',
        instant=True)], w=8, options={'orientation': 'horizontal', 'displayMode': 'basic',
                                      'reduceOptions': {'calcs': ['lastNotNull'], 'fields': '', 'values': False}},
            field={'decimals': 0})
    d.panel('timeseries', 'Fills by broker (per minute)', [q(
        'sum by (broker) (rate(qv_orders_fills_total{%s}[$__rate_interval])) * 60' % T, '{{broker}}')],
            w=8, options=TS)
    d.panel('timeseries', 'Broker failures by kind (per minute)', [q(
        'sum by (broker, kind) (rate(qv_orders_failures_total{%s}[$__rate_interval])) * 60' % T, '{{broker}} {{kind}}')],
            w=8, options=TS, description='Alert OrderFailureRateHigh above 5% of accepted orders.')
    d.row('Broker and events')
    d.panel('state-timeline', 'Circuit breakers (open / half-open)', [q(
        'max by (method) (ft_circuitbreaker_state_current{state=~"open|halfOpen",%s})' % T, '{{method}}')],
            w=12, options={'showValue': 'never', 'mergeValues': True},
            field={'mappings': [{'type': 'value', 'options': {'0': {'text': 'closed', 'color': 'green'},
                                                              '1': {'text': 'open', 'color': 'red'}}}]})
    d.panel('timeseries', 'Order events waiting in the outbox', [q(
        'max(qv_stream_outbox_pending{%s})' % T, 'pending')], w=6, options=TS)
    d.panel('timeseries', 'POST /orders latency p95', [q(
        'histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{method="POST",uri=~"/api/v1/orders.*",%s}[$__rate_interval])))' % T,
        'p95')], w=6, unit='s', options=TS)
    d.row('Logs')
    d.panel('logs', 'trading-service warnings and errors', [
        {'expr': '{service="trading-service", environment=~"$environment", level=~"error|warn"}'}],
            w=24, h=10, datasource=LOKI, options={'showTime': True, 'wrapLogMessage': True, 'sortOrder': 'Descending',
                                                  'enableLogDetails': True})
    return d


def market_data():
    d = Dashboard('quantvision-market-data', 'QuantVision / Market data',
                  'Bar ingest rate and lag, gaps, stale quotes, provider errors; the event streams; analysis signals and AI reports.',
                  ['market-data'], [ENVIRONMENT])
    M = 'environment=~"$environment",service="market-data-service"'
    A = 'environment=~"$environment",service="analysis-service"'
    d.row('Ingest')
    d.panel('stat', 'US market', [q('quantvision:us_equity_market_open', 'session', instant=True)], w=4, h=5, options=STAT,
            field={'mappings': [{'type': 'value', 'options': {'0': {'text': 'closed', 'color': 'blue'},
                                                              '1': {'text': 'open', 'color': 'green'}}}]})
    d.panel('stat', 'Freshest bar lag', [q('min(qv_marketdata_ingest_lag_seconds{%s})' % M, 'lag', instant=True)],
            w=4, h=5, unit='s', options=STAT, field={'thresholds': thresholds((None, 'green'), (300, 'red'))})
    d.panel('stat', 'Stale quotes', [q('max(qv_marketdata_quotes_stale{%s})' % M, 'symbols', instant=True)],
            w=4, h=5, options=STAT, field={'thresholds': thresholds((None, 'green'), (1, 'orange'))})
    d.panel('stat', 'Missing bars (last gap scan)', [q('sum by (timeframe) (qv_marketdata_gaps{%s})' % M, '{{timeframe}}', instant=True)],
            w=12, h=5, options=STAT, field={'thresholds': thresholds((None, 'green'), (1, 'orange'))})
    d.panel('timeseries', 'Bars ingested per minute', [q(
        'sum by (provider, timeframe, outcome) (rate(qv_marketdata_bars_ingested_total{%s}[$__rate_interval])) * 60' % M,
        '{{provider}} {{timeframe}} {{outcome}}')], w=12, options=TS,
            description='Alert NoBarsIngested: no inserted bar for 15 minutes in market hours.')
    d.panel('timeseries', 'Ingest lag by timeframe', [q(
        'max by (timeframe) (qv_marketdata_ingest_lag_seconds{%s})' % M, '{{timeframe}}')], w=12, unit='s', options=TS)
    d.panel('timeseries', 'Provider errors per minute', [q(
        'sum by (provider, kind) (rate(qv_marketdata_provider_errors_total{%s}[$__rate_interval])) * 60' % M,
        '{{provider}} {{kind}}')], w=12, options=TS)
    d.panel('timeseries', 'Bars rejected per minute', [q(
        'sum by (provider, reason) (rate(qv_marketdata_bars_rejected_total{%s}[$__rate_interval])) * 60' % M,
        '{{provider}} {{reason}}')], w=12, options=TS)
    d.row('Event streams')
    d.panel('timeseries', 'Events published per second', [q(
        'sum by (stream) (rate(qv_stream_events_published_total{%s}[$__rate_interval]))' % SEL, '{{stream}}')],
            w=8, unit='ops', options=TS)
    d.panel('timeseries', 'Consumer lag', [q(
        'max by (stream, group) (qv_stream_consumer_lag{%s})' % SEL, '{{stream}} → {{group}}')], w=8, options=TS,
            description='Entries not yet delivered to each group. Alerts StreamConsumerLagHigh, StreamConsumerStalled.')
    d.panel('timeseries', 'Consumed by outcome', [q(
        'sum by (stream, group, outcome) (rate(qv_stream_events_consumed_total{%s}[$__rate_interval]))' % SEL,
        '{{stream}} {{group}} {{outcome}}')], w=8, unit='ops', options=TS)
    d.panel('timeseries', 'Stream length', [q('max by (stream) (qv_stream_length{%s})' % SEL, '{{stream}}')],
            w=12, options=TS)
    d.panel('timeseries', 'Pending (delivered, not acknowledged)', [q(
        'max by (stream, group) (qv_stream_consumer_pending{%s})' % SEL, '{{stream}} → {{group}}')], w=12, options=TS)
    d.row('Analysis')
    d.panel('timeseries', 'Signals per minute by action', [q(
        'sum by (action) (rate(qv_analysis_signals_generated_total{%s}[$__rate_interval])) * 60' % A, '{{action}}')],
            w=8, options=TS)
    d.panel('timeseries', 'AI reports by source (per minute)', [q(
        'sum by (source) (rate(qv_analysis_reports_total{%s}[$__rate_interval])) * 60' % A, '{{source}}')],
            w=8, options=TS, description='Alert AiReportsFallingBack when most reports are rule-based fallbacks.')
    d.panel('timeseries', 'LLM calls: mean duration by outcome', [q(
        'sum by (outcome) (rate(qv_analysis_llm_calls_seconds_sum{%s}[$__rate_interval])) / '
        'sum by (outcome) (rate(qv_analysis_llm_calls_seconds_count{%s}[$__rate_interval]))' % (A, A), '{{outcome}}')],
            w=8, unit='s', options=TS)
    return d


def alerts():
    d = Dashboard('quantvision-alerts', 'QuantVision / Alerts',
                  'Alerts firing by severity, alert-service intake and delivery, Alertmanager notifications.',
                  ['alerts'], [ENVIRONMENT])
    S = 'environment=~"$environment",service="alert-service"'
    d.row('Firing now')
    for sev, color in (('critical', 'red'), ('warning', 'orange'), ('info', 'blue')):
        d.panel('stat', 'Firing: %s' % sev, [q(
            'count(ALERTS{alertstate="firing",severity="%s"}) or vector(0)' % sev, sev, instant=True)],
                w=4, h=5, options=STAT, field={'decimals': 0, 'thresholds': thresholds((None, 'green'), (1, color))})
    d.panel('stat', 'Active in alert-service', [q('sum by (severity) (qv_alerts_active{%s})' % S, '{{severity}}', instant=True)],
            w=12, h=5, options=STAT, field={'decimals': 0})
    d.panel('table', 'Firing alerts', [q(
        'sort_desc(ALERTS{alertstate="firing"})', instant=True, fmt='table')], w=24, h=8,
            options={'showHeader': True})
    d.panel('timeseries', 'Alerts firing by severity', [q(
        'count by (severity) (ALERTS{alertstate="firing"})', '{{severity}}')], w=12, options=TS)
    d.panel('timeseries', 'Alerts received by alert-service (per minute)', [q(
        'sum by (source, severity) (rate(qv_alerts_received_total{%s}[$__rate_interval])) * 60' % S,
        '{{source}} {{severity}}')], w=12, options=TS)
    d.row('Delivery')
    d.panel('timeseries', 'alert-service deliveries by channel and outcome (per minute)', [q(
        'sum by (channel, outcome) (rate(qv_alerts_deliveries_total{%s}[$__rate_interval])) * 60' % S,
        '{{channel}} {{outcome}}')], w=12, options=TS)
    d.panel('timeseries', 'Deliveries that failed for good', [q(
        'sum by (channel) (increase(qv_alerts_deliveries_total{outcome="failed",%s}[$__rate_interval]))' % S,
        '{{channel}}')], w=6, options=TS, field={'decimals': 0},
            description='Alert AlertDeliveryFailing.')
    d.panel('timeseries', 'Notifications waiting', [q(
        'max by (channel) (qv_alerts_outbox_pending{%s})' % S, '{{channel}}')], w=6, options=TS)
    d.panel('timeseries', 'Alertmanager notifications by integration', [
        q('sum by (integration) (rate(alertmanager_notifications_total[$__rate_interval]))', 'sent {{integration}}'),
        q('sum by (integration) (rate(alertmanager_notifications_failed_total[$__rate_interval]))', 'failed {{integration}}')],
            w=12, unit='ops', options=TS, description='Alert AlertmanagerNotificationsFailing.')
    d.panel('timeseries', 'Alertmanager alerts by state', [q(
        'sum by (state) (alertmanager_alerts)', '{{state}}')], w=12, options=TS)
    d.row('Logs')
    d.panel('logs', 'alert-service warnings and errors', [
        {'expr': '{service="alert-service", environment=~"$environment", level=~"error|warn"}'}],
            w=24, h=10, datasource=LOKI, options={'showTime': True, 'wrapLogMessage': True, 'sortOrder': 'Descending',
                                                  'enableLogDetails': True})
    return d


DASHBOARDS = {'overview.json': overview, 'trading.json': trading, 'market-data.json': market_data,
              'alerts.json': alerts}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'dashboards')
    check = '--check' in sys.argv[1:]
    stale = []
    for name, build in DASHBOARDS.items():
        text = json.dumps(build().json(), indent=2, ensure_ascii=False) + '\n'
        path = os.path.join(out, name)
        current = open(path).read() if os.path.exists(path) else None
        if current != text:
            if check:
                stale.append(name)
            else:
                with open(path, 'w') as f:
                    f.write(text)
    if stale:
        print('FAIL dashboards differ from generate_dashboards.py (run it and commit): ' + ' '.join(stale), file=sys.stderr)
        return 1
    print('%d dashboards %s' % (len(DASHBOARDS), 'up to date' if check else 'written'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
