#include "clienthellobuilder.h"

namespace {

QByteArray u16(qsizetype v) {
    return QByteArray(1, char((v >> 8) & 0xff)) + char(v & 0xff);
}

QByteArray u24(qsizetype v) {
    return QByteArray(1, char((v >> 16) & 0xff)) + u16(v);
}

} // namespace

QByteArray ClientHelloBuilder::extension(quint16 type, const QByteArray &data) {
    return u16(type) + u16(data.size()) + data;
}

QByteArray ClientHelloBuilder::message() const {
    QByteArray body;
    body += QByteArray::fromHex("0303");    // legacy_version TLS 1.2
    body += QByteArray(32, '\x42');         // random
    body += char(32) + QByteArray(32, 's'); // legacy_session_id
    body += u16(4) + QByteArray::fromHex("13011302");
    body += QByteArray::fromHex("0100"); // compression: null
    if (!noExtensions) {
        QByteArray extensions;
        if (!serverName.isEmpty()) {
            const QByteArray entry = char(0) + u16(serverName.size()) + serverName;
            extensions += extension(0, u16(entry.size()) + entry);
        }
        extensions += extension(43, QByteArray::fromHex("020304")); // supported_versions
        for (const QByteArray &e : extraExtensions)
            extensions += e;
        if (padding > 0)
            extensions += extension(21, QByteArray(padding, '\0'));
        body += u16(extensions.size()) + extensions;
    }
    return char(1) + u24(body.size()) + body;
}

QByteArray ClientHelloBuilder::records(qsizetype recordPayload) const {
    const QByteArray m = message();
    QByteArray out;
    for (qsizetype i = 0; i < m.size(); i += recordPayload) {
        const QByteArray piece = m.mid(i, recordPayload);
        out += QByteArray::fromHex("160301") + u16(piece.size()) + piece;
    }
    return out;
}
