#pragma once

#include <QByteArrayView>
#include <QString>

namespace gw {

// Reads the server name (SNI, RFC 6066 section 3) from the first bytes a TLS client
// sends, without doing a handshake: the public listener decides from it whether to
// terminate TLS itself or pass the still-encrypted stream through to a node group's
// route (README, "Node groups: ingress"). Hand-written because OpenSSL has no API that
// parses a ClientHello without taking part in a handshake (its client-hello callback runs
// inside SSL_accept, after which the bytes cannot be handed on untouched).
//
// The parser is stateless: it is given the whole prefix of the stream read so far
// (recv with MSG_PEEK leaves the bytes in the kernel) and says whether it needs more. The
// ClientHello may span several TLS records (RFC 8446 5.1 lets a handshake message be
// fragmented); records are joined until the message is complete. At most kMaxBytes of
// the stream are looked at.
class ClientHelloParser {
public:
    static constexpr qsizetype kMaxBytes = 16 * 1024;

    enum class Status {
        NeedMore, // a valid prefix; more bytes are needed
        Complete, // a whole ClientHello: serverName() is its SNI (empty: none)
        Invalid,  // not a TLS ClientHello, malformed, or larger than kMaxBytes
    };

    // Parses PREFIX, the first bytes of the stream.
    Status parse(QByteArrayView prefix);

    Status status() const { return m_status; }
    // The host_name of the server_name extension, lower case, a trailing dot removed;
    // empty when the ClientHello has none.
    const QString &serverName() const { return m_serverName; }
    // Why the input is Invalid (for the debug log; names no secret).
    const QString &error() const { return m_error; }

private:
    Status invalid(const QString &why);
    Status parseMessage(QByteArrayView message);
    Status parseExtensions(QByteArrayView extensions);
    Status parseServerName(QByteArrayView data);

    Status m_status = Status::NeedMore;
    QString m_serverName;
    QString m_error;
};

} // namespace gw
