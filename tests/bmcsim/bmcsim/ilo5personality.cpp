#include "bmcsim/ilo5personality.h"

#include "bmcsim/refusal.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

// HPE iLO 5 (bmc-quirks §3): POST /json/login_session → session_key and the sessionKey
// cookie (readable by the page's JS, Domain=<bmc host>); /json/ calls ride on the
// cookie, Redfish needs X-Auth-Token (the cookie alone gets 401); the console upgrade
// at /wss/ircport needs the cookie (and `Connection: Upgrade`, checked by the base).

namespace bmcsim {

namespace {
QJsonObject parseObject(const QByteArray &body) {
    return QJsonDocument::fromJson(body).object();
}

bool isSessionCollection(const QByteArray &path) {
    return path == "/redfish/v1/SessionService/Sessions" ||
           path == "/redfish/v1/SessionService/Sessions/" || path == "/redfish/v1/Sessions" ||
           path == "/redfish/v1/Sessions/";
}
} // namespace

std::optional<Dispatch> Ilo5Personality::route(const SimRequest &request) {
    const QByteArray &path = request.path();
    const QByteArray &method = request.method();

    if (path == "/json/login_session" && method == "POST") {
        return buffered([this](const QByteArray &body) {
            const QJsonObject in = parseObject(body);
            const QString verb = in.value(u"method"_s).toString();
            if (verb == u"logout"_s) {
                m_ctx.sessions.remove(in.value(u"session_key"_s).toString().toLatin1());
                return SimResponse::json(200, {});
            }
            if (verb != u"login"_s)
                return refuse(400, refusal::BadLoginRequest, u"method must be login or logout"_s);
            const QString user = in.value(u"user_login"_s).toString();
            if (!credentialsMatch(user, in.value(u"password"_s).toString()))
                return refuse(401, refusal::BadCredentials, u"wrong user or password"_s);
            const Session &s = m_ctx.sessions.create(user);
            SimResponse r = SimResponse::json(200, {{u"session_key"_s, QString::fromLatin1(s.id)},
                                                    {u"user_name"_s, user},
                                                    {u"user_account"_s, user},
                                                    {u"user_expires"_s, u"30 minutes"_s}});
            CookieSpec cookie = sessionCookie(s);
            cookie.httpOnly = false; // iLO's own JS reads it
            r.cookie(cookie);
            return r;
        });
    }
    if ((path == "/json/session_info" || path == "/json/login_session") && method == "GET") {
        auto session = requireSession(request);
        if (!session)
            return Dispatch::respond(session.error());
        return Dispatch::respond(SimResponse::json(
            200, {{u"user_name"_s, (*session)->user}, {u"user_account"_s, (*session)->user}}));
    }
    if (path == "/xmldata" && method == "GET")
        return Dispatch::respond(SimResponse::content(
            200, "text/xml",
            "<?xml version=\"1.0\"?><RIMP><HSI><SPN>ProLiant DL360 Gen10</SPN></HSI>"
            "<MP><PN>Integrated Lights-Out 5 (iLO 5)</PN><FWRI>2.78</FWRI></MP></RIMP>"));

    if (!path.startsWith("/redfish/v1"))
        return std::nullopt;
    if ((path == "/redfish/v1" || path == "/redfish/v1/") && method == "GET")
        return Dispatch::respond(
            SimResponse::json(200, {{u"Vendor"_s, u"HPE"_s}, {u"RedfishVersion"_s, u"1.6.0"_s}}));
    if (isSessionCollection(path) && method == "POST") {
        return buffered([this](const QByteArray &body) {
            const QJsonObject in = parseObject(body);
            const QString user = in.value(u"UserName"_s).toString();
            if (!credentialsMatch(user, in.value(u"Password"_s).toString()))
                return refuse(401, refusal::BadCredentials, u"wrong user or password"_s);
            const Session &s = m_ctx.sessions.create(user);
            const QByteArray uri =
                "/redfish/v1/SessionService/Sessions/" + QByteArray::number(s.number) + '/';
            SimResponse r = SimResponse::json(
                201, {{u"@odata.id"_s, QString::fromLatin1(uri)}, {u"UserName"_s, user}});
            r.header("X-Auth-Token", s.id);
            r.header("Location", uri);
            return r;
        });
    }

    // Everything else under /redfish/v1 wants the token as a header.
    const QByteArray token = request.header("x-auth-token");
    if (token.isEmpty())
        return Dispatch::respond(refuse(
            401, refusal::XAuthTokenMissing,
            request.cookie(m_ctx.rules.sessionCookie).isEmpty()
                ? u"Redfish needs X-Auth-Token"_s
                : u"Redfish needs X-Auth-Token; the sessionKey cookie alone is not enough"_s));
    const Session *session = m_ctx.sessions.find(token);
    if (!session)
        return Dispatch::respond(
            refuse(401, refusal::XAuthTokenInvalid, u"X-Auth-Token names no live session"_s));
    if ((path == "/redfish/v1/Managers/1" || path == "/redfish/v1/Managers/1/") && method == "GET")
        return Dispatch::respond(SimResponse::json(200, {{u"Id"_s, u"1"_s},
                                                         {u"FirmwareVersion"_s, u"iLO 5 v2.78"_s},
                                                         {u"Model"_s, u"iLO 5"_s}}));
    const QByteArray self =
        "/redfish/v1/SessionService/Sessions/" + QByteArray::number(session->number);
    if (path == self || path == self + '/') {
        if (method == "DELETE") {
            m_ctx.sessions.remove(session->id);
            return Dispatch::respond(SimResponse::json(200, {}));
        }
        return Dispatch::respond(SimResponse::json(200, {{u"UserName"_s, session->user}}));
    }
    return std::nullopt;
}

UpgradeDecision Ilo5Personality::console(const SimRequest &request) {
    auto session = requireSession(request, {}, 400);
    if (!session)
        return UpgradeDecision::refuse(session.error());
    return UpgradeDecision::accept({}, ConsoleHandshake::ilo5((*session)->id));
}

} // namespace bmcsim
