#pragma once

#include "accounting/accountinghealth.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <array>

namespace gw {

class SessionRegistry;

// gatewayd's Prometheus metrics, rendered in the text exposition format (version 0.0.4)
// for GET /metrics. Hand-written: Debian 12 has no Prometheus client library for C++
// that fits Qt (prometheus-cpp is not packaged), and the format is a few lines of text.
//
//   gatewayd_sessions{path,platform}                 gauge, live sessions
//   gatewayd_bytes_total{path,direction="up|down"}   counter, bytes through sessions
//   gatewayd_requests_total{path}                    counter, proxied requests
//   gatewayd_websocket_messages_total{path}          counter
//   gatewayd_request_duration_seconds{...}           histogram, request head to the
//                                                    end of the answer (browser mode)
//   gatewayd_upstream_errors_total{kind}             counter, BMC failures by error code
//   gatewayd_token_refusals_total{reason}            counter, refused tokens by code
//   gatewayd_api_requests_total{status}              counter, management API answers
//   gatewayd_accounting_write_errors_total{kind}     counter, failed database writes
//   gatewayd_accounting_backlog_records              gauge, records held back in memory
//   gatewayd_accounting_backlog_limit                gauge, the most it holds
//   gatewayd_accounting_records_dropped_total        counter, dropped: backlog full
class GatewayMetrics {
public:
    void observeRequest(double seconds);
    void upstreamError(const QString &kind);
    void tokenRefused(const QString &reason);
    void apiRequest(int status);

    // Sessions and bytes are read from REGISTRY (may be null) at render time, the
    // accounting figures from ACCOUNTING (may be null).
    QByteArray render(const SessionRegistry *registry,
                      const AccountingHealth *accounting = nullptr) const;

    // For other modules' metrics (e.g. agents/AgentMetrics): a label value escaped as the
    // format requires, and a metric family's HELP and TYPE lines.
    static QByteArray labelValue(const QString &value);
    static void family(QByteArray &out, const char *name, const char *type, const char *help);

    static constexpr std::array<double, 12> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                        0.5,   1,    2.5,   5,    10,  30};

private:
    static void renderAccounting(QByteArray &out, const AccountingHealth &accounting);

    std::array<quint64, kBuckets.size()> m_bucketCounts = {};
    quint64 m_requestCount = 0;
    double m_requestSeconds = 0;
    QMap<QString, quint64> m_upstreamErrors;
    QMap<QString, quint64> m_tokenRefusals;
    QMap<int, quint64> m_apiRequests;
};

} // namespace gw
