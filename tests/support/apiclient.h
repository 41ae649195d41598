#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

// A plain-HTTP client for gatewayd's management API (loopback), one request at a time;
// waits on network events with a deadline, never sleeps.
class ApiClient {
public:
    struct Reply {
        int status = 0; // 0: no answer
        QByteArray body;
        QByteArray contentType;
        QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    };

    ApiClient(quint16 port, QByteArray token)
        : m_port(port)
        , m_token(std::move(token)) {}

    // AUTHORIZATION: the whole header value; empty: no header at all.
    Reply send(const QByteArray &method, const QString &path, const QByteArray &body,
               const QByteArray &authorization) const;

    Reply get(const QString &path) const { return send("GET", path, {}, bearer()); }
    Reply post(const QString &path, const QByteArray &body) const {
        return send("POST", path, body, bearer());
    }
    Reply del(const QString &path) const { return send("DELETE", path, {}, bearer()); }
    QByteArray bearer() const { return "Bearer " + m_token; }

private:
    quint16 m_port;
    QByteArray m_token;
};
