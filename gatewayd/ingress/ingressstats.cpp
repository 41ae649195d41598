#include "ingress/ingressstats.h"

#include "metrics/gatewaymetrics.h"

using namespace Qt::StringLiterals;

namespace gw {

void IngressStats::opened(const QString &group, const QString &host, Mode mode) {
    Route &r = m_routes[{group, host}];
    ++r.live;
    ++r.connections;
    ++m_byMode[{{group, host}, mode == Mode::Tls ? u"tls"_s : u"http"_s}];
}

void IngressStats::closed(const QString &group, const QString &host) {
    Route &r = m_routes[{group, host}];
    if (r.live > 0)
        --r.live;
}

void IngressStats::bytes(const QString &group, const QString &host, quint64 up, quint64 down) {
    Route &r = m_routes[{group, host}];
    r.bytesUp += up;
    r.bytesDown += down;
}

void IngressStats::refused(const QString &reason) {
    ++m_refused[reason];
}

IngressStats::Route IngressStats::route(const QString &group, const QString &host) const {
    return m_routes.value({group, host});
}

QJsonObject IngressStats::routeJson(const QString &group, const QString &host) const {
    const Route r = route(group, host);
    return QJsonObject{{u"liveConnections"_s, qint64(r.live)},
                       {u"connections"_s, qint64(r.connections)},
                       {u"bytesUp"_s, qint64(r.bytesUp)},
                       {u"bytesDown"_s, qint64(r.bytesDown)}};
}

QByteArray IngressStats::render() const {
    QByteArray out;
    const auto label = [](const QString &v) { return GatewayMetrics::labelValue(v); };
    const auto routeLabels = [&](const Key &k) {
        return "group=" + label(k.first) + ",host=" + label(k.second);
    };
    QMap<QString, Route> groups;
    for (auto it = m_routes.begin(); it != m_routes.end(); ++it) {
        Route &g = groups[it.key().first];
        g.live += it->live;
        g.connections += it->connections;
        g.bytesUp += it->bytesUp;
        g.bytesDown += it->bytesDown;
    }
    GatewayMetrics::family(out, "gatewayd_ingress_route_connections", "gauge",
                           "Live ingress connections per node group route.");
    for (auto it = m_routes.begin(); it != m_routes.end(); ++it)
        out += "gatewayd_ingress_route_connections{" + routeLabels(it.key()) + "} " +
               QByteArray::number(it->live) + '\n';
    GatewayMetrics::family(out, "gatewayd_ingress_route_connections_total", "counter",
                           "Ingress connections per route, by mode (tls: passthrough by SNI, "
                           "http: by Host).");
    for (auto it = m_byMode.begin(); it != m_byMode.end(); ++it)
        out += "gatewayd_ingress_route_connections_total{" + routeLabels(it.key().first) +
               ",mode=" + label(it.key().second) + "} " + QByteArray::number(it.value()) + '\n';
    GatewayMetrics::family(out, "gatewayd_ingress_route_bytes_total", "counter",
                           "Ingress bytes per route (up: toward the node, down: toward the "
                           "client; encrypted bytes for TLS passthrough).");
    for (auto it = m_routes.begin(); it != m_routes.end(); ++it) {
        out += "gatewayd_ingress_route_bytes_total{" + routeLabels(it.key()) +
               ",direction=\"up\"} " + QByteArray::number(it->bytesUp) + '\n';
        out += "gatewayd_ingress_route_bytes_total{" + routeLabels(it.key()) +
               ",direction=\"down\"} " + QByteArray::number(it->bytesDown) + '\n';
    }
    GatewayMetrics::family(out, "gatewayd_ingress_group_connections", "gauge",
                           "Live ingress connections per node group.");
    for (auto it = groups.begin(); it != groups.end(); ++it)
        out += "gatewayd_ingress_group_connections{group=" + label(it.key()) + "} " +
               QByteArray::number(it->live) + '\n';
    GatewayMetrics::family(out, "gatewayd_ingress_group_connections_total", "counter",
                           "Ingress connections per node group.");
    for (auto it = groups.begin(); it != groups.end(); ++it)
        out += "gatewayd_ingress_group_connections_total{group=" + label(it.key()) + "} " +
               QByteArray::number(it->connections) + '\n';
    GatewayMetrics::family(out, "gatewayd_ingress_group_bytes_total", "counter",
                           "Ingress bytes per node group.");
    for (auto it = groups.begin(); it != groups.end(); ++it) {
        out += "gatewayd_ingress_group_bytes_total{group=" + label(it.key()) +
               ",direction=\"up\"} " + QByteArray::number(it->bytesUp) + '\n';
        out += "gatewayd_ingress_group_bytes_total{group=" + label(it.key()) +
               ",direction=\"down\"} " + QByteArray::number(it->bytesDown) + '\n';
    }
    GatewayMetrics::family(out, "gatewayd_ingress_refused_total", "counter",
                           "Ingress connections ended before reaching a route, by reason.");
    for (auto it = m_refused.begin(); it != m_refused.end(); ++it)
        out += "gatewayd_ingress_refused_total{reason=" + label(it.key()) + "} " +
               QByteArray::number(it.value()) + '\n';
    return out;
}

} // namespace gw
