#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QPair>
#include <QString>

namespace gw {

// Ingress figures per route (group, host), kept for the daemon's lifetime: connections
// live and in total, bytes each way (for TLS passthrough: the encrypted bytes), and
// connections refused before a route was known. /metrics renders them per route and per
// group; GET /api/v1/groups reads a route's live connections with routeJson().
class IngressStats {
public:
    enum class Mode { Tls, Http };
    struct Route {
        quint64 live = 0;
        quint64 connections = 0;
        quint64 bytesUp = 0;   // toward the node
        quint64 bytesDown = 0; // toward the client
    };

    void opened(const QString &group, const QString &host, Mode mode);
    void closed(const QString &group, const QString &host);
    void bytes(const QString &group, const QString &host, quint64 up, quint64 down);
    // A connection ended before it reached a route; REASON: "unknown_host",
    // "bad_client_hello", "timeout", "node_unreachable", ...
    void refused(const QString &reason);

    Route route(const QString &group, const QString &host) const;
    // {"liveConnections", "connections", "bytesUp", "bytesDown"} of one route.
    QJsonObject routeJson(const QString &group, const QString &host) const;

    // gatewayd_ingress_* families (Prometheus text format).
    QByteArray render() const;

private:
    using Key = QPair<QString, QString>; // group, host
    QMap<Key, Route> m_routes;
    QMap<QPair<Key, QString>, quint64> m_byMode; // connections by mode "tls"/"http"
    QMap<QString, quint64> m_refused;
};

} // namespace gw
