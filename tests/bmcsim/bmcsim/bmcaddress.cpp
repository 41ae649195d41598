#include "bmcsim/bmcaddress.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace bmcsim {

BmcAddress::BmcAddress(const QString &host, quint16 port)
    : m_host(host)
    , m_port(port) {}

std::optional<BmcAddress> BmcAddress::parse(const QString &authority) {
    if (authority.isEmpty())
        return std::nullopt;
    const QUrl url(u"https://"_s + authority + u"/"_s, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty() || url.path() != u"/"_s)
        return std::nullopt;
    const int port = url.port(443);
    if (port <= 0)
        return std::nullopt;
    return BmcAddress(url.host(QUrl::FullyEncoded).contains(u':') ? u"["_s + url.host() + u"]"_s
                                                                  : url.host(QUrl::FullyEncoded),
                      quint16(port));
}

BmcAddress BmcAddress::fromListen(const QHostAddress &address, quint16 port) {
    QHostAddress a = address;
    if (a == QHostAddress(QHostAddress::Any) || a == QHostAddress(QHostAddress::AnyIPv4))
        a = QHostAddress(QHostAddress::LocalHost);
    else if (a == QHostAddress(QHostAddress::AnyIPv6))
        a = QHostAddress(QHostAddress::LocalHostIPv6);
    const QString text = a.toString();
    return BmcAddress(a.protocol() == QAbstractSocket::IPv6Protocol ? u"["_s + text + u"]"_s : text,
                      port);
}

QString BmcAddress::authority() const {
    return m_port == 443 ? m_host : m_host + u":"_s + QString::number(m_port);
}

QString BmcAddress::origin() const {
    return u"https://"_s + authority();
}

} // namespace bmcsim
