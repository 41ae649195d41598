#pragma once

#include "http/httprequesthead.h"

#include <QByteArray>
#include <QHostAddress>
#include <QUrl>
#include <optional>

namespace app {

// Who may use a session's loopback proxy: only a browser that holds the session's secret
// (the app's own view, or whoever was given the printed headless URL).
//
// - The entry URL http://ADDR:PORT/.pmproxy/enter?secret=S sets the cookie
//   `pmproxy-local=S` (HttpOnly, SameSite=Strict, Path=/) and redirects to `/`; every
//   other request must carry that cookie. SameSite=Strict keeps other web pages in the
//   same browser from riding on it; other local users never see S.
// - The Host header must name ADDR:PORT exactly: a DNS-rebinding page (evil.example
//   resolving to 127.0.0.1) sends its own host name and is refused.
// - The cookie is removed before the request goes on toward the BMC.
class LocalAuth {
public:
    static constexpr QByteArrayView kCookieName = "pmproxy-local";
    static constexpr QByteArrayView kEnterPath = "/.pmproxy/enter";

    LocalAuth(QHostAddress address, quint16 port, QByteArray secret);
    static QByteArray newSecret(); // 32 random bytes, base64url

    QUrl entryUrl() const;
    QByteArray hostHeader() const; // "127.0.0.2:40123"

    enum class Verdict { Forward, Enter, WrongHost, NoSecret, BadEntry };
    // Decides what to do with HEAD; on Forward the local cookie has been removed from it.
    Verdict check(pc::HttpRequestHead &head) const;
    // The answer to a request that is not forwarded (a 302 with the cookie for Enter, a
    // JSON refusal otherwise), with `Connection: close` where CLOSE.
    QByteArray answer(Verdict verdict, bool close) const;

private:
    bool cookieMatches(const pc::HttpHeaders &headers) const;
    void removeCookie(pc::HttpHeaders &headers) const;

    QHostAddress m_address;
    quint16 m_port;
    QByteArray m_secret;
};

} // namespace app
