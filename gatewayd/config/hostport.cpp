#include "config/hostport.h"

#include "config/ipliteral.h"

using namespace Qt::StringLiterals;

namespace gw {

namespace {

std::optional<quint16> parsePort(QStringView text) {
    if (text.isEmpty() || text.size() > 5)
        return std::nullopt;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    const int value = text.toInt();
    if (value > 65535)
        return std::nullopt;
    return quint16(value);
}

} // namespace

pc::Expected<HostPort, QString> HostPort::parse(QStringView text, Port port) {
    const QString expected = port == Port::Required
                                 ? u"expected IPv4:port or [IPv6]:port, e.g. \"0.0.0.0:8443\" or "
                                   u"\"[::1]:8443\""_s
                                 : u"expected an IP address with an optional port: \"10.0.0.5\", "
                                   u"\"10.0.0.5:443\", \"fd00::5\" or \"[fd00::5]:443\""_s;
    QStringView hostText = text;
    QStringView portText;
    bool hasPort = false;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0)
            return pc::unexpected(u"missing \"]\"; "_s + expected);
        hostText = text.mid(1, close - 1);
        const QStringView rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':'))
                return pc::unexpected(expected);
            portText = rest.mid(1);
            hasPort = true;
        }
        if (!hostText.contains(u':'))
            return pc::unexpected(u"brackets are for IPv6 addresses; "_s + expected);
    } else if (text.count(u':') == 1) {
        const qsizetype colon = text.indexOf(u':');
        hostText = text.left(colon);
        portText = text.mid(colon + 1);
        hasPort = true;
    } else if (text.contains(u':') && port == Port::Required) {
        return pc::unexpected(u"an IPv6 address with a port needs brackets; "_s + expected);
    }

    HostPort result;
    const std::optional<QHostAddress> address = IpLiteral::parse(hostText);
    if (!address)
        return pc::unexpected(u"\""_s + hostText.toString() + u"\" is not an IP address; "_s +
                              expected);
    result.address = *address;
    if (hasPort) {
        result.port = parsePort(portText);
        if (!result.port)
            return pc::unexpected(u"\""_s + portText.toString() +
                                  u"\" is not a port number (0..65535)"_s);
    } else if (port == Port::Required) {
        return pc::unexpected(u"missing port; "_s + expected);
    }
    return result;
}

QString HostPort::toString() const {
    const QString host = address.toString();
    if (!port)
        return host;
    const QString bracketed =
        address.protocol() == QAbstractSocket::IPv6Protocol ? u"["_s + host + u"]"_s : host;
    return bracketed + u":"_s + QString::number(*port);
}

} // namespace gw
