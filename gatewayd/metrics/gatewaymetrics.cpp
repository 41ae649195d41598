#include "metrics/gatewaymetrics.h"

#include "session/sessionregistry.h"

using namespace Qt::StringLiterals;

namespace gw {

namespace {

// A label value with \, " and newlines escaped as the format requires.
QByteArray label(const QString &value) {
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return '"' + out + '"';
}

QByteArray number(double v) {
    return QByteArray::number(v, 'g', 12);
}

void header(QByteArray &out, const char *name, const char *type, const char *help) {
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
}

} // namespace

void GatewayMetrics::observeRequest(double seconds) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i])
            ++m_bucketCounts[i];
    }
    ++m_requestCount;
    m_requestSeconds += seconds;
}

void GatewayMetrics::upstreamError(const QString &kind) {
    ++m_upstreamErrors[kind];
}

void GatewayMetrics::tokenRefused(const QString &reason) {
    ++m_tokenRefusals[reason];
}

void GatewayMetrics::apiRequest(int status) {
    ++m_apiRequests[status];
}

QByteArray GatewayMetrics::labelValue(const QString &value) {
    return label(value);
}

void GatewayMetrics::family(QByteArray &out, const char *name, const char *type, const char *help) {
    header(out, name, type, help);
}

QByteArray GatewayMetrics::render(const SessionRegistry *registry,
                                  const AccountingHealth *accounting) const {
    QByteArray out;
    QMap<QPair<QString, QString>, int> live;
    QMap<QString, TrafficCounters> totals;
    for (SessionPath p :
         {SessionPath::Browser, SessionPath::Tunnel, SessionPath::Agent, SessionPath::Ingress})
        totals.insert(sessionPathName(p), {});
    if (registry) {
        for (const SessionInfo &s : registry->sessions())
            ++live[{sessionPathName(s.identity.path), s.identity.platform}];
        const auto byPath = registry->totals();
        for (auto it = byPath.begin(); it != byPath.end(); ++it)
            totals[sessionPathName(it.key())] = it.value();
    }

    header(out, "gatewayd_sessions", "gauge", "Live sessions by path and platform.");
    for (auto it = live.begin(); it != live.end(); ++it) {
        out += "gatewayd_sessions{path=" + label(it.key().first) +
               ",platform=" + label(it.key().second) + "} " + QByteArray::number(it.value()) + '\n';
    }
    header(out, "gatewayd_bytes_total", "counter",
           "Bytes through sessions (up: toward the BMC, down: toward the user).");
    for (auto it = totals.begin(); it != totals.end(); ++it) {
        out += "gatewayd_bytes_total{path=" + label(it.key()) + ",direction=\"up\"} " +
               QByteArray::number(it.value().bytesUp) + '\n';
        out += "gatewayd_bytes_total{path=" + label(it.key()) + ",direction=\"down\"} " +
               QByteArray::number(it.value().bytesDown) + '\n';
    }
    header(out, "gatewayd_requests_total", "counter", "HTTP requests received in sessions.");
    for (auto it = totals.begin(); it != totals.end(); ++it)
        out += "gatewayd_requests_total{path=" + label(it.key()) + "} " +
               QByteArray::number(it.value().requests) + '\n';
    header(out, "gatewayd_websocket_messages_total", "counter",
           "WebSocket data messages relayed, both ways.");
    for (auto it = totals.begin(); it != totals.end(); ++it)
        out += "gatewayd_websocket_messages_total{path=" + label(it.key()) + "} " +
               QByteArray::number(it.value().wsMessages) + '\n';

    header(out, "gatewayd_request_duration_seconds", "histogram",
           "Browser-mode requests, from the request head to the end of the answer.");
    for (size_t i = 0; i < kBuckets.size(); ++i)
        out += "gatewayd_request_duration_seconds_bucket{le=\"" + number(kBuckets[i]) + "\"} " +
               QByteArray::number(m_bucketCounts[i]) + '\n';
    out += "gatewayd_request_duration_seconds_bucket{le=\"+Inf\"} " +
           QByteArray::number(m_requestCount) + '\n';
    out += "gatewayd_request_duration_seconds_sum " + number(m_requestSeconds) + '\n';
    out += "gatewayd_request_duration_seconds_count " + QByteArray::number(m_requestCount) + '\n';

    header(out, "gatewayd_upstream_errors_total", "counter", "BMC connection failures by kind.");
    for (auto it = m_upstreamErrors.begin(); it != m_upstreamErrors.end(); ++it)
        out += "gatewayd_upstream_errors_total{kind=" + label(it.key()) + "} " +
               QByteArray::number(it.value()) + '\n';
    header(out, "gatewayd_token_refusals_total", "counter", "Refused tokens by reason.");
    for (auto it = m_tokenRefusals.begin(); it != m_tokenRefusals.end(); ++it)
        out += "gatewayd_token_refusals_total{reason=" + label(it.key()) + "} " +
               QByteArray::number(it.value()) + '\n';
    header(out, "gatewayd_api_requests_total", "counter", "Management API answers by status.");
    for (auto it = m_apiRequests.begin(); it != m_apiRequests.end(); ++it)
        out += "gatewayd_api_requests_total{status=\"" + QByteArray::number(it.key()) + "\"} " +
               QByteArray::number(it.value()) + '\n';
    if (accounting)
        renderAccounting(out, *accounting);
    return out;
}

void GatewayMetrics::renderAccounting(QByteArray &out, const AccountingHealth &accounting) {
    header(out, "gatewayd_accounting_write_errors_total", "counter",
           "Failed writes of traffic records to the accounting database, by kind.");
    for (auto it = accounting.writeErrors.begin(); it != accounting.writeErrors.end(); ++it)
        out += "gatewayd_accounting_write_errors_total{kind=" + label(it.key()) + "} " +
               QByteArray::number(it.value()) + '\n';
    header(out, "gatewayd_accounting_backlog_records", "gauge",
           "Traffic records held in memory because the database refused them.");
    out += "gatewayd_accounting_backlog_records " + QByteArray::number(accounting.backlog) + '\n';
    header(out, "gatewayd_accounting_backlog_limit", "gauge",
           "The most traffic records held in memory; beyond, the oldest are dropped.");
    out +=
        "gatewayd_accounting_backlog_limit " + QByteArray::number(accounting.backlogLimit) + '\n';
    header(out, "gatewayd_accounting_records_dropped_total", "counter",
           "Traffic records dropped because the backlog was full.");
    out += "gatewayd_accounting_records_dropped_total " + QByteArray::number(accounting.dropped) +
           '\n';
}

} // namespace gw
