#pragma once

#include <QJsonObject>
#include <QString>

namespace gw {

// One row of accounting: what one session moved during one interval (ending at `time`).
// JSON names are the stable ones of PRODUCT.md §5 (time, session, ip, port, platform,
// sub, jti, path, bytesUp, bytesDown) plus ours (requests, wsMessages, agent, group, host). sub and
// jti are optional claims: empty here, NULL in the database, null in JSON when the token had none.
struct TrafficRecord {
    qint64 time = 0; // UNIX seconds: the end of the interval
    QString session;
    QString ip;
    int port = 443;
    QString platform;
    QString sub;          // empty: the token had none
    QString jti;          // empty: the token had none
    QString path;         // "browser", "tunnel", "agent", "ingress"
    QString agent;        // the agent's id (path "agent"); empty otherwise
    QString group;        // the node group (path "ingress"); empty otherwise
    QString host;         // the route's host name (path "ingress"); empty otherwise
    qint64 bytesUp = 0;   // toward the BMC
    qint64 bytesDown = 0; // toward the user
    qint64 requests = 0;
    qint64 wsMessages = 0;

    QJsonObject toJson() const;
    bool operator==(const TrafficRecord &) const = default;
};

} // namespace gw
