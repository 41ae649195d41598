#include "bmcsim/asrockrackpersonality.h"

#include "bmcsim/refusal.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;

// ASRockRack / AMI MegaRAC SP-X (bmc-quirks §4): POST /api/session form → CSRFToken and
// the QSESSIONID cookie; X-CSRFTOKEN on every API call; one-time KVM token from
// /api/kvm/token, validated in-band (IVTP) on wss://<host>/kvm, whose upgrade the base
// closes at once unless Origin names the BMC.

namespace bmcsim {

std::optional<Dispatch> AsrockRackPersonality::route(const SimRequest &request) {
    const QByteArray &path = request.path();
    const QByteArray &method = request.method();

    if (path == "/api/session" && method == "POST") {
        return buffered([this](const QByteArray &body) {
            QByteArray plus = body;
            plus.replace('+', ' ');
            const QUrlQuery form(QString::fromUtf8(plus));
            const QString user = form.queryItemValue(u"username"_s, QUrl::FullyDecoded);
            if (!credentialsMatch(user, form.queryItemValue(u"password"_s, QUrl::FullyDecoded)))
                return refuse(401, refusal::BadCredentials, u"wrong user or password"_s);
            const Session &s = m_ctx.sessions.create(user);
            SimResponse r = SimResponse::json(200, {{u"ok"_s, 0},
                                                    {u"privilege"_s, 4},
                                                    {u"extendedpriv"_s, 259},
                                                    {u"racsession_id"_s, s.number},
                                                    {u"server_name"_s, m_ctx.address.host()},
                                                    {u"server_addr"_s, m_ctx.address.host()},
                                                    {u"HTTPSEnabled"_s, 1},
                                                    {u"CSRFToken"_s, QString::fromLatin1(s.csrf)}});
            r.cookie(sessionCookie(s));
            return r;
        });
    }
    if (!path.startsWith("/api/"))
        return std::nullopt;

    auto session = requireSession(request, "X-CSRFTOKEN");
    if (!session)
        return Dispatch::respond(session.error());
    const Session &s = **session;
    if (path == "/api/session" && method == "GET")
        return Dispatch::respond(SimResponse::json(
            200, {{u"user"_s, s.user}, {u"racsession_id"_s, s.number}, {u"privilege"_s, 4}}));
    if (path == "/api/session" && method == "DELETE") {
        m_ctx.sessions.remove(s.id);
        return Dispatch::respond(SimResponse::json(200, {{u"ok"_s, 0}}));
    }
    if (path == "/api/chassis-status" && method == "GET")
        return Dispatch::respond(
            SimResponse::json(200, {{u"power_status"_s, 1}, {u"led_status"_s, 0}}));
    if (path == "/api/kvm/token" && method == "GET") {
        // One-time: each call replaces the session's previous token.
        const QByteArray token = SessionStore::randomHex(16);
        m_ctx.sessions.issueTicket(token, {s.id, token});
        return Dispatch::respond(
            SimResponse::json(200, {{u"client_ip"_s, request.peer()},
                                    {u"token"_s, QString::fromLatin1(token)},
                                    {u"session"_s, QString::fromLatin1(s.id)}}));
    }
    return std::nullopt;
}

UpgradeDecision AsrockRackPersonality::console(const SimRequest &request) {
    const QStringList selected = m_ctx.rules.consoleSubprotocols.mid(0, 1);
    const QByteArray id = request.cookie(m_ctx.rules.sessionCookie);
    const Session *session = id.isEmpty() ? nullptr : m_ctx.sessions.find(id);
    if (!session) {
        refuse(401, refusal::SessionCookieMissing, u"no live QSESSIONID cookie on the upgrade"_s);
        return UpgradeDecision::acceptThenClose(selected, refusal::SessionCookieMissing);
    }
    const auto ticket = m_ctx.sessions.takeTicketOfSession(session->id);
    if (!ticket) {
        refuse(401, refusal::KvmTokenMissing, u"GET /api/kvm/token first"_s);
        return UpgradeDecision::acceptThenClose(selected, refusal::KvmTokenMissing);
    }
    return UpgradeDecision::accept(selected, ConsoleHandshake::asrockRack(ticket->secret));
}

} // namespace bmcsim
