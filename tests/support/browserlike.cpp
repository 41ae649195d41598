#include "browserlike.h"

#include <QNetworkCookie>
#include <QNetworkCookieJar>

using namespace Qt::StringLiterals;
using namespace bmcsim::test;

namespace flowtest {

BrowserLike::BrowserLike(Endpoint front)
    : m_front(front)
    , m_client(std::move(front)) {}

Reply BrowserLike::send(const QByteArray &method, const QByteArray &path, Headers headers,
                        const QByteArray &body) {
    if (!m_page.isEmpty())
        headers.append({"Referer", m_page});
    if (method != "GET" && method != "HEAD")
        headers.append({"Origin", m_front.origin()});
    Reply reply = m_client.request(method, path, headers, body);
    if (!m_watched.isEmpty() && reply.body.contains(m_watched))
        m_sightings.append(path);
    return reply;
}

Reply BrowserLike::get(const QByteArray &path, const Headers &headers) {
    return send("GET", path, headers, {});
}

Reply BrowserLike::post(const QByteArray &path, const QByteArray &body, const Headers &headers) {
    return send("POST", path, headers, body);
}

Reply BrowserLike::visit(const QByteArray &path) {
    Reply r = get(path);
    if (r.status == 200)
        m_page = m_front.origin() + path;
    return r;
}

Headers BrowserLike::cookieHeader() {
    QByteArray value;
    const auto cookies = m_client.manager().cookieJar()->cookiesForUrl(QUrl(m_front.url("/")));
    for (const QNetworkCookie &c : cookies)
        value += (value.isEmpty() ? "" : "; ") + c.name() + '=' + c.value();
    return value.isEmpty() ? Headers{} : Headers{{"Cookie", value}};
}

std::unique_ptr<ConsoleProbe> BrowserLike::openConsole(const QByteArray &path,
                                                       const QStringList &subprotocols) {
    return std::make_unique<ConsoleProbe>(m_front, path, cookieHeader(), subprotocols,
                                          QString::fromLatin1(m_front.origin()));
}

} // namespace flowtest
