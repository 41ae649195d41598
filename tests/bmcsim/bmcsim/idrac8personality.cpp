#include "bmcsim/idrac8personality.h"

#include "bmcsim/refusal.h"

#include <QUrl>

using namespace Qt::StringLiterals;

// Dell iDRAC8 (bmc-quirks §1): POST /data/login with `user=..&password=..` in that order,
// XML answer whose forwardUrl carries ST1,ST2 (comma-separated); ST2 as a request header
// on every data call; the -http-session- cookie names the BMC's host as its Domain.

namespace bmcsim {

namespace {
SimResponse xml(const QByteArray &inner) {
    return SimResponse::content(
        200, "text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><root>" + inner + "</root>");
}

QByteArray element(const QByteArray &name, const QString &value) {
    return '<' + name + '>' + value.toHtmlEscaped().toUtf8() + "</" + name + '>';
}

QString formValue(const QByteArray &encoded) {
    QByteArray plus = encoded;
    plus.replace('+', ' ');
    return QUrl::fromPercentEncoding(plus);
}
} // namespace

std::optional<Dispatch> Idrac8Personality::route(const SimRequest &request) {
    const QByteArray &path = request.path();
    const QByteArray &method = request.method();

    if (path == "/data/login" && method == "POST") {
        return buffered([this](const QByteArray &body) {
            // The firmware reads the fields by position: user first, then password.
            const QList<QByteArray> fields = body.split('&');
            if (fields.size() < 2 || !fields[0].startsWith("user=") ||
                !fields[1].startsWith("password="))
                return refuse(400, refusal::LoginFieldOrder,
                              u"the body must start with user=...&password=..."_s);
            const QString user = formValue(fields[0].mid(5));
            const QString password = formValue(fields[1].mid(9));
            if (!credentialsMatch(user, password))
                return refuse(401, refusal::BadCredentials, u"wrong user or password"_s);
            const Session &s = m_ctx.sessions.create(user);
            SimResponse r = xml("<status>ok</status><authResult>0</authResult><forwardUrl>"
                                "index.html?ST1=" +
                                s.st1 + ",ST2=" + s.csrf + "</forwardUrl>");
            r.cookie(sessionCookie(s));
            return r;
        });
    }

    if (path == "/data/logout") {
        // The login page POSTs it before logging in, with or without a session.
        if (method == "POST") {
            if (const QByteArray id = request.cookie(m_ctx.rules.sessionCookie); !id.isEmpty())
                m_ctx.sessions.remove(id);
            return Dispatch::respond(xml("<status>ok</status>"));
        }
        auto session = requireSession(request, "ST2");
        if (!session)
            return Dispatch::respond(session.error());
        m_ctx.sessions.remove((*session)->id);
        return Dispatch::respond(xml("<status>ok</status>"));
    }

    if (path == "/data" && method == "GET") {
        auto session = requireSession(request, "ST2");
        if (!session)
            return Dispatch::respond(session.error());
        QByteArray inner = "<status>ok</status>";
        for (const QString &item : request.queryItem(u"get"_s).split(u',')) {
            if (item == u"userName"_s)
                inner += element("userName", (*session)->user);
            else if (item == u"hostName"_s)
                inner += element("hostName", m_ctx.address.host());
            else if (item == u"fwVersion"_s)
                inner += element("fwVersion", u"2.83.83.83"_s);
        }
        return Dispatch::respond(xml(inner));
    }
    return std::nullopt;
}

UpgradeDecision Idrac8Personality::console(const SimRequest &request) {
    auto session = requireSession(request);
    if (!session)
        return UpgradeDecision::refuse(session.error());
    return UpgradeDecision::accept(m_ctx.rules.consoleSubprotocols, ConsoleHandshake::idrac8());
}

} // namespace bmcsim
