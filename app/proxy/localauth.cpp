#include "proxy/localauth.h"

#include "http/httpserializer.h"
#include "rewrite/cookiefilter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrlQuery>
#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace app {

LocalAuth::LocalAuth(QHostAddress address, quint16 port, QByteArray secret)
    : m_address(std::move(address))
    , m_port(port)
    , m_secret(std::move(secret)) {}

QByteArray LocalAuth::newSecret() {
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray LocalAuth::hostHeader() const {
    return m_address.toString().toLatin1() + ':' + QByteArray::number(m_port);
}

QUrl LocalAuth::entryUrl() const {
    return QUrl(QString::fromLatin1("http://" + hostHeader() + kEnterPath.toByteArray() +
                                    "?secret=" + m_secret));
}

namespace {
bool sameSecret(QByteArrayView a, QByteArrayView b) {
    // Constant time: the comparison must not tell a local attacker how much matched.
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}
} // namespace

bool LocalAuth::cookieMatches(const pc::HttpHeaders &headers) const {
    const auto value = pc::CookieFilter::cookieValue(headers, kCookieName);
    return value && sameSecret(*value, m_secret);
}

LocalAuth::Verdict LocalAuth::check(pc::HttpRequestHead &head) const {
    const QList<QByteArray> hosts = head.headers.values("Host");
    if (hosts.size() != 1 || hosts.first().trimmed().toLower() != hostHeader())
        return Verdict::WrongHost;
    const QByteArrayView target = head.target;
    if (target.startsWith(kEnterPath)) {
        const QUrlQuery query(QString::fromLatin1(head.target.mid(head.target.indexOf('?') + 1)));
        return sameSecret(query.queryItemValue(u"secret"_s).toLatin1(), m_secret)
                   ? Verdict::Enter
                   : Verdict::BadEntry;
    }
    if (!cookieMatches(head.headers))
        return Verdict::NoSecret;
    pc::CookieFilter::removeCookie(head.headers, kCookieName);
    return Verdict::Forward;
}

QByteArray LocalAuth::answer(Verdict verdict, bool close) const {
    pc::HttpHeaders headers;
    if (close)
        headers.append("Connection", "close");
    auto json = [&](int status, const char *error, const QString &detail) {
        headers.append("Content-Type", "application/json");
        headers.append("Cache-Control", "no-store");
        const QByteArray body = QJsonDocument(QJsonObject{{u"error"_s, QLatin1StringView(error)},
                                                          {u"detail"_s, detail}})
                                    .toJson(QJsonDocument::Compact);
        return pc::HttpSerializer::simpleResponse(status, headers, body).value_or(QByteArray());
    };
    switch (verdict) {
    case Verdict::Enter:
        headers.append("Set-Cookie", kCookieName.toByteArray() + '=' + m_secret +
                                         "; HttpOnly; SameSite=Strict; Path=/");
        headers.append("Location", "/");
        headers.append("Cache-Control", "no-store");
        return pc::HttpSerializer::simpleResponse(302, headers, {}).value_or(QByteArray());
    case Verdict::WrongHost:
        return json(421, "wrong_host",
                    u"this local proxy answers only to the address it printed"_s);
    case Verdict::NoSecret:
        return json(403, "no_session",
                    u"open the session's entry URL first (the app or the headless output)"_s);
    case Verdict::BadEntry:
        return json(403, "bad_secret", u"the entry URL's secret is not this session's"_s);
    case Verdict::Forward:
        break;
    }
    return {};
}

} // namespace app
