#include "bmcsim/genericpersonality.h"

#include "bmcsim/refusal.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

// Generic Redfish / OpenBMC bmcweb (bmc-quirks §6): POST /redfish/v1/SessionService/Sessions
// → X-Auth-Token, SESSION (HttpOnly) and XSRF-TOKEN (readable) cookies; requests carry
// either X-Auth-Token or the cookie plus X-XSRF-TOKEN; KVM at /kvm/0 with the XSRF
// token as the WebSocket subprotocol.

namespace bmcsim {

namespace {
constexpr QByteArrayView kSessions = "/redfish/v1/SessionService/Sessions";
}

std::optional<Dispatch> GenericPersonality::route(const SimRequest &request) {
    const QByteArray &path = request.path();
    const QByteArray &method = request.method();
    if (!path.startsWith("/redfish/v1"))
        return std::nullopt;
    if ((path == "/redfish/v1" || path == "/redfish/v1/") && method == "GET")
        return Dispatch::respond(SimResponse::json(
            200, {{u"Vendor"_s, u"OpenBMC"_s}, {u"RedfishVersion"_s, u"1.17.0"_s}}));

    if ((path == kSessions || path == kSessions.toByteArray() + '/') && method == "POST") {
        return buffered([this](const QByteArray &body) {
            const QJsonObject in = QJsonDocument::fromJson(body).object();
            const QString user = in.value(u"UserName"_s).toString();
            if (!credentialsMatch(user, in.value(u"Password"_s).toString()))
                return refuse(401, refusal::BadCredentials, u"wrong user or password"_s);
            const Session &s = m_ctx.sessions.create(user);
            const QByteArray uri = kSessions.toByteArray() + '/' + QByteArray::number(s.number);
            SimResponse r = SimResponse::json(201, {{u"@odata.id"_s, QString::fromLatin1(uri)},
                                                    {u"Id"_s, QString::number(s.number)},
                                                    {u"UserName"_s, user}});
            r.header("X-Auth-Token", s.id);
            r.header("Location", uri);
            CookieSpec cookie = sessionCookie(s);
            cookie.sameSite = "Strict";
            r.cookie(cookie);
            r.cookie({"XSRF-TOKEN", s.csrf, {}, false, "Strict"});
            r.cookie({"IsAuthenticated", "true", {}, false, "Strict"});
            return r;
        });
    }

    // Authenticated: X-Auth-Token, or the SESSION cookie with X-XSRF-TOKEN.
    const Session *session = nullptr;
    if (request.hasHeader("x-auth-token")) {
        session = m_ctx.sessions.find(request.header("x-auth-token"));
        if (!session)
            return Dispatch::respond(
                refuse(401, refusal::XAuthTokenInvalid, u"X-Auth-Token names no live session"_s));
    } else {
        auto viaCookie = requireSession(request, "X-XSRF-TOKEN");
        if (!viaCookie)
            return Dispatch::respond(viaCookie.error());
        session = *viaCookie;
    }
    const QByteArray self = kSessions.toByteArray() + '/' + QByteArray::number(session->number);
    if (path == self && method == "GET")
        return Dispatch::respond(SimResponse::json(
            200, {{u"Id"_s, QString::number(session->number)}, {u"UserName"_s, session->user}}));
    if (path == self && method == "DELETE") {
        m_ctx.sessions.remove(session->id);
        return Dispatch::respond(SimResponse::json(200, {}));
    }
    if (path == "/redfish/v1/Managers/bmc" && method == "GET")
        return Dispatch::respond(SimResponse::json(
            200, {{u"Id"_s, u"bmc"_s}, {u"FirmwareVersion"_s, u"bmcsim-2.14.0"_s}}));
    return std::nullopt;
}

UpgradeDecision GenericPersonality::console(const SimRequest &request) {
    auto session = requireSession(request);
    if (!session)
        return UpgradeDecision::refuse(session.error());
    const QByteArray token = (*session)->csrf;
    for (const QByteArray &offered : request.header("sec-websocket-protocol").split(',')) {
        if (offered.trimmed() == token)
            return UpgradeDecision::accept({QString::fromLatin1(token)}, ConsoleHandshake::none());
    }
    return UpgradeDecision::refuse(refuse(401, refusal::WsSubprotocolToken,
                                          u"the subprotocol must be the session's XSRF token"_s));
}

} // namespace bmcsim
