#include "rewrite/rewritecontext.h"

#include "http/httpsyntax.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

QByteArray normalizedClient(QByteArrayView text) {
    QHostAddress address;
    if (!address.setAddress(QString::fromLatin1(text)))
        return text.toByteArray();
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped && address.protocol() == QAbstractSocket::IPv6Protocol)
        return QHostAddress(v4).toString().toLatin1();
    return address.toString().toLatin1();
}

} // namespace

Expected<RewriteContext, RewriteError>
RewriteContext::create(QByteArrayView hostHeader, bool publicSecure, QStringView bmcHost,
                       quint16 bmcPort, Platform platform, QByteArrayView clientAddress) {
    const QByteArrayView scheme = publicSecure ? "https" : "http";
    const auto publicSide = Endpoint::fromAuthority(httpsyntax::trimOws(hostHeader), scheme);
    if (!publicSide)
        return rewriteError(u"bad_host"_s,
                            u"the Host header is missing or not a valid host[:port]"_s);

    // The token's ip: IPv4, IPv6 (bare or in brackets) or a host name.
    QString host = bmcHost.toString();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const QByteArray authority =
        host.contains(u':') ? '[' + host.toLatin1() + ']' : host.toLatin1();
    const auto bmc = Endpoint::fromAuthority(authority, "https");
    if (!bmc || bmcPort == 0)
        return rewriteError(u"bad_target"_s, u"BMC host '%1' port %2 is not a valid target"_s.arg(
                                                 host, QString::number(bmcPort)));

    RewriteContext context;
    context.publicSide = *publicSide;
    context.bmc = Endpoint("https", bmc->bareHost(), bmcPort);
    context.platform = platform;
    const QByteArrayView client = httpsyntax::trimOws(clientAddress);
    if (httpsyntax::isFieldValue(client))
        context.clientAddress = normalizedClient(client);
    return context;
}

} // namespace pc
