#include "apitestsupport.h"

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
