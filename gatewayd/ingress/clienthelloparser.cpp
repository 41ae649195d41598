#include "ingress/clienthelloparser.h"

#include <QByteArray>
#include <QList>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

constexpr quint8 kHandshakeRecord = 22;
constexpr quint8 kClientHello = 1;
constexpr quint16 kServerNameExtension = 0;
constexpr quint8 kHostNameType = 0;
constexpr qsizetype kRecordHeader = 5;
constexpr qsizetype kHandshakeHeader = 4;
// RFC 8446 5.1: a record's plaintext is at most 2^14 bytes.
constexpr qsizetype kMaxRecordPayload = 16384;
// RFC 6066 3: a host name is at most 255 bytes... of which DNS uses 253 (plus a dot).
constexpr qsizetype kMaxHostName = 255;

// Big-endian reads over a bounded view; every read checks what is left.
class Reader {
public:
    explicit Reader(QByteArrayView data)
        : m_data(data) {}
    qsizetype left() const { return m_data.size() - m_pos; }
    bool atEnd() const { return left() == 0; }
    bool u8(quint32 &v) { return number(1, v); }
    bool u16(quint32 &v) { return number(2, v); }
    bool u24(quint32 &v) { return number(3, v); }
    bool bytes(qsizetype n, QByteArrayView &out) {
        if (n < 0 || n > left())
            return false;
        out = m_data.sliced(m_pos, n);
        m_pos += n;
        return true;
    }
    // A vector with a length prefix of PREFIX bytes.
    bool vector(int prefix, QByteArrayView &out) {
        quint32 n = 0;
        return number(prefix, n) && bytes(qsizetype(n), out);
    }

private:
    bool number(int width, quint32 &v) {
        if (left() < width)
            return false;
        v = 0;
        for (int i = 0; i < width; ++i)
            v = (v << 8) | quint8(m_data[m_pos + i]);
        m_pos += width;
        return true;
    }
    QByteArrayView m_data;
    qsizetype m_pos = 0;
};

bool isHostNameByte(char c) {
    // Letters, digits, '-', '.', and '_' (seen in the wild); an IP literal is digits and
    // dots, or hex and colons (some clients send an IPv6 address, which RFC 6066 forbids).
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == ':';
}

} // namespace

ClientHelloParser::Status ClientHelloParser::invalid(const QString &why) {
    m_error = why;
    m_serverName.clear();
    return m_status = Status::Invalid;
}

ClientHelloParser::Status ClientHelloParser::parse(QByteArrayView prefix) {
    m_status = Status::NeedMore;
    m_serverName.clear();
    m_error.clear();
    if (prefix.size() > kMaxBytes)
        prefix = prefix.first(kMaxBytes);

    // Join the handshake records' payloads until the ClientHello is whole.
    QByteArray handshake;
    qsizetype pos = 0;
    qsizetype messageSize = -1; // known once the handshake header is in
    while (true) {
        if (messageSize >= 0 && handshake.size() >= kHandshakeHeader + messageSize)
            break;
        if (prefix.size() - pos < kRecordHeader) {
            if (pos + kRecordHeader > kMaxBytes)
                return invalid(u"the ClientHello is larger than %1 bytes"_s.arg(kMaxBytes));
            // Check what of the header is there already, so garbage fails fast.
            if (prefix.size() > pos && quint8(prefix[pos]) != kHandshakeRecord)
                return invalid(u"not a TLS handshake record"_s);
            if (prefix.size() > pos + 1 && quint8(prefix[pos + 1]) != 3)
                return invalid(u"not a TLS record version"_s);
            return m_status;
        }
        Reader header(prefix.sliced(pos, kRecordHeader));
        quint32 type = 0, major = 0, minor = 0, length = 0;
        header.u8(type);
        header.u8(major);
        header.u8(minor);
        header.u16(length);
        if (type != kHandshakeRecord)
            return invalid(u"not a TLS handshake record"_s);
        if (major != 3)
            return invalid(u"not a TLS record version"_s);
        if (length == 0 || qsizetype(length) > kMaxRecordPayload)
            return invalid(u"bad TLS record length %1"_s.arg(length));
        if (pos + kRecordHeader + qsizetype(length) > kMaxBytes)
            return invalid(u"the ClientHello is larger than %1 bytes"_s.arg(kMaxBytes));
        const qsizetype available =
            std::min<qsizetype>(length, prefix.size() - pos - kRecordHeader);
        handshake.append(prefix.sliced(pos + kRecordHeader, available).toByteArray());
        if (messageSize < 0 && handshake.size() >= kHandshakeHeader) {
            if (quint8(handshake[0]) != kClientHello)
                return invalid(u"the first handshake message is not a ClientHello"_s);
            Reader size(QByteArrayView(handshake).sliced(1, 3));
            quint32 n = 0;
            size.u24(n);
            if (qsizetype(n) + kHandshakeHeader > kMaxBytes)
                return invalid(u"the ClientHello is larger than %1 bytes"_s.arg(kMaxBytes));
            messageSize = qsizetype(n);
        }
        if (available < qsizetype(length)) {
            // The record is not whole yet; it may still complete the message.
            if (messageSize >= 0 && handshake.size() >= kHandshakeHeader + messageSize)
                break;
            return m_status;
        }
        pos += kRecordHeader + length;
    }
    return parseMessage(QByteArrayView(handshake).sliced(kHandshakeHeader, messageSize));
}

ClientHelloParser::Status ClientHelloParser::parseMessage(QByteArrayView message) {
    Reader r(message);
    quint32 major = 0, minor = 0;
    QByteArrayView random, sessionId, ciphers, compression;
    if (!r.u8(major) || !r.u8(minor) || !r.bytes(32, random))
        return invalid(u"truncated ClientHello"_s);
    if (major != 3)
        return invalid(u"unsupported ClientHello version"_s);
    if (!r.vector(1, sessionId) || sessionId.size() > 32)
        return invalid(u"bad ClientHello session id"_s);
    if (!r.vector(2, ciphers) || ciphers.isEmpty() || ciphers.size() % 2 != 0)
        return invalid(u"bad ClientHello cipher suites"_s);
    if (!r.vector(1, compression) || compression.isEmpty())
        return invalid(u"bad ClientHello compression methods"_s);
    if (r.atEnd())
        return m_status = Status::Complete; // no extensions at all: no SNI
    QByteArrayView extensions;
    if (!r.vector(2, extensions) || !r.atEnd())
        return invalid(u"bad ClientHello extensions length"_s);
    return parseExtensions(extensions);
}

ClientHelloParser::Status ClientHelloParser::parseExtensions(QByteArrayView extensions) {
    Reader r(extensions);
    QList<quint32> seen;
    while (!r.atEnd()) {
        quint32 type = 0;
        QByteArrayView data;
        if (!r.u16(type) || !r.vector(2, data))
            return invalid(u"truncated ClientHello extension"_s);
        // RFC 8446 4.2: no extension type twice.
        if (seen.contains(type))
            return invalid(u"ClientHello extension %1 appears twice"_s.arg(type));
        seen.append(type);
        if (type == kServerNameExtension) {
            if (parseServerName(data) == Status::Invalid)
                return m_status;
        }
    }
    return m_status = Status::Complete;
}

ClientHelloParser::Status ClientHelloParser::parseServerName(QByteArrayView data) {
    Reader outer(data);
    QByteArrayView list;
    if (!outer.vector(2, list) || !outer.atEnd() || list.isEmpty())
        return invalid(u"bad server_name extension"_s);
    Reader r(list);
    while (!r.atEnd()) {
        quint32 nameType = 0;
        QByteArrayView name;
        if (!r.u8(nameType) || !r.vector(2, name))
            return invalid(u"bad server_name entry"_s);
        if (nameType != kHostNameType)
            continue; // other name types are not defined; skipped
        if (!m_serverName.isEmpty())
            return invalid(u"more than one host_name in server_name"_s);
        if (name.isEmpty() || name.size() > kMaxHostName)
            return invalid(u"bad host_name length"_s);
        for (char c : name) {
            if (!isHostNameByte(c))
                return invalid(u"host_name holds a byte that is not in a host name"_s);
        }
        QString host = QString::fromLatin1(name).toLower();
        if (host.endsWith(u'.'))
            host.chop(1);
        if (host.isEmpty())
            return invalid(u"bad host_name"_s);
        m_serverName = host;
    }
    return m_status;
}

} // namespace gw
