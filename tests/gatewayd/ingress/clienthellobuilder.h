#pragma once

#include <QByteArray>
#include <QList>

// Builds TLS ClientHello bytes for the ingress tests (RFC 8446 4.1.2 layout): a
// handshake message, cut into records of at most RECORDPAYLOAD bytes each.
struct ClientHelloBuilder {
    QByteArray serverName;             // empty: no server_name extension
    QList<QByteArray> extraExtensions; // whole extensions (type, length, data)
    qsizetype padding = 0;             // a padding extension (21) of this many bytes
    bool noExtensions = false;         // the extensions block left out entirely

    QByteArray message() const;
    QByteArray records(qsizetype recordPayload = 16384) const;

    static QByteArray extension(quint16 type, const QByteArray &data);
};
