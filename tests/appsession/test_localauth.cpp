// Who may use a session's loopback proxy: the holder of the entry URL's secret, asking
// by the exact address the proxy printed.
#include "http/httpparser.h"
#include "proxy/localauth.h"

#include <QUrlQuery>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using app::LocalAuth;

namespace {

const QHostAddress kAddress(u"127.0.0.7"_s);
constexpr quint16 kPort = 40123;

pc::HttpRequestHead head(const QByteArray &target, const QByteArray &host,
                         const QByteArray &cookie = {}) {
    pc::HttpRequestHead h;
    h.method = "GET";
    h.target = target;
    h.headers.append("Host", host);
    if (!cookie.isEmpty())
        h.headers.append("Cookie", cookie);
    return h;
}

} // namespace

TEST_CASE("local auth: the entry URL sets the session cookie, which then lets requests through") {
    const QByteArray secret = LocalAuth::newSecret();
    LocalAuth auth(kAddress, kPort, secret);
    const QUrl entry = auth.entryUrl();
    CHECK(entry.scheme() == u"http"_s);
    CHECK(entry.host() == u"127.0.0.7"_s);
    CHECK(entry.port() == kPort);

    auto enter = head(entry.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority).toLatin1(),
                      "127.0.0.7:40123");
    REQUIRE(auth.check(enter) == LocalAuth::Verdict::Enter);
    const QByteArray answer = auth.answer(LocalAuth::Verdict::Enter, false);
    CHECK(answer.startsWith("HTTP/1.1 302 "));
    CHECK(answer.contains("\r\nLocation: /\r\n"));
    CHECK(answer.contains("Set-Cookie: pmproxy-local=" + secret +
                          "; HttpOnly; SameSite=Strict; Path=/\r\n"));

    auto page = head("/restgui/start.html", "127.0.0.7:40123",
                     "a=1; pmproxy-local=" + secret + "; -http-session-=xyz");
    REQUIRE(auth.check(page) == LocalAuth::Verdict::Forward);
    // The local secret never travels toward the gateway or the BMC; BMC cookies do.
    CHECK(page.headers.value("Cookie") == "a=1; -http-session-=xyz");
}

TEST_CASE("local auth: refusals") {
    const QByteArray secret = LocalAuth::newSecret();
    LocalAuth auth(kAddress, kPort, secret);
    const QByteArray cookie = "pmproxy-local=" + secret;

    SECTION("no cookie: another local user or a page without the secret") {
        auto h = head("/", "127.0.0.7:40123");
        CHECK(auth.check(h) == LocalAuth::Verdict::NoSecret);
        CHECK(auth.answer(LocalAuth::Verdict::NoSecret, true).startsWith("HTTP/1.1 403 "));
    }
    SECTION("a wrong secret, of the same length or not") {
        auto same = head("/", "127.0.0.7:40123", "pmproxy-local=" + LocalAuth::newSecret());
        CHECK(auth.check(same) == LocalAuth::Verdict::NoSecret);
        auto shorter = head("/", "127.0.0.7:40123", "pmproxy-local=" + secret.left(10));
        CHECK(auth.check(shorter) == LocalAuth::Verdict::NoSecret);
        auto entry = head("/.pmproxy/enter?secret=nope", "127.0.0.7:40123");
        CHECK(auth.check(entry) == LocalAuth::Verdict::BadEntry);
    }
    SECTION("DNS rebinding: a foreign Host, even with the cookie") {
        for (const QByteArray &host :
             {QByteArray("evil.example:40123"), QByteArray("127.0.0.7"),
              QByteArray("127.0.0.1:40123"), QByteArray("localhost:40123"), QByteArray()}) {
            auto h = head("/", host, cookie);
            INFO(host.toStdString());
            CHECK(auth.check(h) == LocalAuth::Verdict::WrongHost);
        }
        auto twice = head("/", "127.0.0.7:40123", cookie);
        twice.headers.append("Host", "evil.example");
        CHECK(auth.check(twice) == LocalAuth::Verdict::WrongHost);
        CHECK(auth.answer(LocalAuth::Verdict::WrongHost, true).startsWith("HTTP/1.1 421 "));
    }
}
