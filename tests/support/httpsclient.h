#pragma once

#include "http/httpresponsehead.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace testsupport {

// One response read off the wire by proxycore's own parser.
struct RawReply {
    int status = 0; // 0: no response (see error)
    pc::HttpHeaders headers;
    QByteArray body;
    QString error;
    // The server closed the connection (checked when it answered `Connection: close`).
    bool closed = false;

    QJsonObject json() const;
};

// Sends REQUEST (raw bytes) over a fresh TLS connection to 127.0.0.1:PORT (any
// certificate accepted) and reads one response; waits on socket events, never sleeps.
RawReply httpsExchange(quint16 port, const QByteArray &request, int timeoutMs = 15000);

// A GET with optional extra header lines ("Name: value\r\n"...).
RawReply httpsGet(quint16 port, const QByteArray &target, const QByteArray &extraHeaders = {},
                  int timeoutMs = 15000);

} // namespace testsupport
