#include "apitestsupport.h"

#include "httpsclient.h"

using namespace Qt::StringLiterals;

namespace apitest {

GatewayFixture::Options generic() {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.api = true;
    return options;
}

ApiClient api(const GatewayFixture &gw) {
    return ApiClient(gw.apiPort(), gw.apiToken());
}

QByteArray get(const QByteArray &target, const QByteArray &cookies) {
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookies + "\r\n\r\n";
}

QByteArray login(const GatewayFixture &gw, const QByteArray &token) {
    const QByteArray body = R"({"UserName":"root","Password":"0penBmc"})";
    const auto reply = testsupport::httpsExchange(
        gw.gatewayPort(), "POST /redfish/v1/SessionService/Sessions HTTP/1.1\r\nHost: localhost\r\n"
                          "Content-Type: application/json\r\nCookie: pm-session=" +
                              token + "\r\nContent-Length: " + QByteArray::number(body.size()) +
                              "\r\n\r\n" + body);
    QByteArray cookies = "pm-session=" + token;
    for (const QByteArray &set : reply.headers.values("Set-Cookie"))
        cookies += "; " + set.left(set.indexOf(';'));
    return reply.status / 100 == 2 ? cookies : QByteArray();
}

QJsonObject sessionWithJti(const GatewayFixture &gw, const QString &jti) {
    const auto reply = api(gw).get(u"/api/v1/sessions"_s);
    for (const QJsonValue &v : reply.json().array()) {
        if (v.toObject().value(u"jti"_s).toString() == jti)
            return v.toObject();
    }
    return {};
}

Sums trafficOf(const GatewayFixture &gw, const QString &session) {
    Sums sums;
    const auto reply = api(gw).get(u"/api/v1/traffic?since=0"_s);
    for (const QJsonValue &v : reply.json().array()) {
        const QJsonObject r = v.toObject();
        if (r.value(u"session"_s).toString() != session)
            continue;
        sums.bytesUp += r.value(u"bytesUp"_s).toInteger();
        sums.bytesDown += r.value(u"bytesDown"_s).toInteger();
        sums.requests += r.value(u"requests"_s).toInteger();
        ++sums.records;
    }
    return sums;
}

} // namespace apitest
