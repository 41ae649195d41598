#include "bmcsim/idrac9personality.h"

#include "bmcsim/refusal.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

// Dell iDRAC9 (bmc-quirks §2): quoted credential headers on POST /sysmgmt/2015/bmc/session,
// -http-session- cookie + XSRF-TOKEN header, console launch answer naming the BMC
// absolutely, /vnc/vconsole?vck=<VCSID> with the f7 b3 key challenge.

namespace bmcsim {

namespace {
// `"value"` → value; anything not wrapped in double quotes → nothing.
std::optional<QString> unquote(const QByteArray &value) {
    if (value.size() < 2 || !value.startsWith('"') || !value.endsWith('"'))
        return std::nullopt;
    return QString::fromUtf8(value.mid(1, value.size() - 2));
}
} // namespace

std::optional<Dispatch> Idrac9Personality::route(const SimRequest &request) {
    const QByteArray &path = request.path();
    const QByteArray &method = request.method();
    if (path == "/sysmgmt/2015/bmc/info" && method == "GET")
        return Dispatch::respond(SimResponse::json(
            200, {{u"Attributes"_s, QJsonObject{{u"ADEnabled"_s, u"Disabled"_s},
                                                {u"FwVer"_s, u"7.10.30.00"_s},
                                                {u"License"_s, u"Enterprise"_s},
                                                {u"SSOEnabled"_s, u"Disabled"_s},
                                                {u"ServiceTag"_s, u"BMCSIM9"_s},
                                                {u"SystemModelName"_s, u"PowerEdge R750"_s}}}}));
    if (path == "/sysmgmt/2016/bmc/language" && method == "GET")
        return Dispatch::respond(SimResponse::json(
            200, {{u"Language"_s, u"en"_s}, {u"Languages"_s, QJsonArray{u"en"_s}}}));
    if (path == "/sysmgmt/2012/server/configgroup/iDRAC.userdomain" && method == "GET")
        return Dispatch::respond(SimResponse::json(200, {{u"iDRAC.userdomain"_s, QJsonArray{}}}));

    if (path == "/sysmgmt/2015/bmc/session") {
        if (method == "POST") {
            const auto user = unquote(request.header("user"));
            const auto password = unquote(request.header("password"));
            return buffered([this, user, password](const QByteArray &) {
                if (!user || !password)
                    return refuse(401, refusal::LoginHeaderUnquoted,
                                  u"the user and password headers must be in double quotes"_s);
                if (!credentialsMatch(*user, *password))
                    return refuse(401, refusal::BadCredentials, u"wrong user or password"_s);
                const Session &s = m_ctx.sessions.create(*user);
                SimResponse r = SimResponse::json(201, {{u"authResult"_s, 0}});
                r.header("XSRF-TOKEN", s.csrf);
                r.cookie(sessionCookie(s));
                return r;
            });
        }
        auto session = requireSession(request, "XSRF-TOKEN");
        if (!session)
            return Dispatch::respond(session.error());
        if (method == "DELETE") {
            m_ctx.sessions.remove((*session)->id);
            return Dispatch::respond(SimResponse::json(200, {{u"status"_s, u"good"_s}}));
        }
        if (method == "GET")
            return Dispatch::respond(SimResponse::json(
                200, {{u"user"_s, (*session)->user}, {u"sessionId"_s, (*session)->number}}));
    }

    if (path == "/sysmgmt/2015/server/vconsole" && method == "GET") {
        auto session = requireSession(request, "XSRF-TOKEN");
        if (!session)
            return Dispatch::respond(session.error());
        const QByteArray vcsid = SessionStore::randomDigits(24);
        const QByteArray vcsid2 = SessionStore::randomDigits(24);
        m_ctx.sessions.issueTicket(vcsid, {(*session)->id, vcsid2});
        // The real BMC says :443 because it listens there; the emulator names its port.
        const QString host = m_ctx.address.host();
        const QString port = QString::number(m_ctx.address.port());
        const QString location =
            u"https://%1:%2/restgui/vconsole/index.html?ip=%1&kvmport=%2&title=bmcsim"
            "&VCSID=%3&VCSID2=%4"_s.arg(host, port, QString::fromLatin1(vcsid),
                                        QString::fromLatin1(vcsid2));
        return Dispatch::respond(SimResponse::json(200, {{u"Location"_s, location}}));
    }

    if ((path == "/redfish/v1" || path == "/redfish/v1/") && method == "GET")
        return Dispatch::respond(
            SimResponse::json(200, {{u"Vendor"_s, u"Dell"_s}, {u"RedfishVersion"_s, u"1.17.0"_s}}));
    return std::nullopt;
}

UpgradeDecision Idrac9Personality::console(const SimRequest &request) {
    // Missing key: Apache's proxy answers 502; an unknown one is accepted, then dropped.
    const QByteArray vck = request.queryItem(u"vck"_s).toLatin1();
    if (vck.isEmpty())
        return UpgradeDecision::refuse(
            refuse(502, refusal::VckMissing, u"/vnc/vconsole needs ?vck=<VCSID>"_s));
    const auto ticket = m_ctx.sessions.takeTicket(vck);
    if (!ticket) {
        refuse(403, refusal::VckUnknown, u"vck is not a live console key (they are single-use)"_s);
        return UpgradeDecision::acceptThenClose({u"binary"_s}, refusal::VckUnknown);
    }
    return UpgradeDecision::accept(m_ctx.rules.consoleSubprotocols,
                                   ConsoleHandshake::idrac9(ticket->secret));
}

} // namespace bmcsim
