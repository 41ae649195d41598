#include "browserflow.h"

#include "bmcsim/consolehandshake.h"
#include "browserlike.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>
#include <sstream>

using namespace Qt::StringLiterals;
using namespace bmcsim;
using namespace bmcsim::test;

namespace flowtest {

std::string FlowOutcome::describe() const {
    std::ostringstream s;
    if (ok())
        s << "every step passed";
    else
        s << "failed at \"" << failedStep.toStdString() << "\" (status " << status
          << (refusal.isEmpty() ? std::string() : ", refusal " + refusal.toStdString()) << ")";
    return s.str();
}

namespace {

FlowOutcome failed(const QString &step, const Reply &reply = {}) {
    FlowOutcome out;
    out.failedStep = step;
    out.status = reply.status;
    out.refusal = reply.refusal();
    return out;
}

FlowOutcome failedConsole(const QString &step, const ConsoleProbe &probe) {
    FlowOutcome out;
    out.failedStep = step;
    out.refusal = probe.closeReason();
    return out;
}

FlowOutcome streaming(std::unique_ptr<ConsoleProbe> probe) {
    FlowOutcome out;
    out.console = std::move(probe);
    return out;
}

// The login page: "/" as such, or an absolute redirect that must stay on the front.
std::optional<FlowOutcome> openLoginPage(BrowserLike &b, const QByteArray &expectText) {
    Reply r = b.visit("/");
    if (r.status == 302) {
        const QUrl location(QString::fromLatin1(r.header("Location")));
        if (location.isRelative() || location.authority().toLatin1() != b.front().host())
            return failed(u"the login redirect stays on the address the browser used"_s, r);
        r = b.visit(location.path(QUrl::FullyEncoded).toLatin1());
    }
    if (r.status != 200 || !r.body.contains(expectText))
        return failed(u"the login page loads"_s, r);
    return std::nullopt;
}

FlowOutcome idrac9(BrowserLike &b) {
    if (auto f = openLoginPage(b, "Integrated Dell Remote Access Controller 9"))
        return std::move(*f);
    Reply r =
        b.post("/sysmgmt/2015/bmc/session", {}, {{"user", "\"root\""}, {"password", "\"calvin\""}});
    const QByteArray xsrf = r.header("XSRF-TOKEN");
    if (r.status != 201 || xsrf.isEmpty())
        return failed(u"login"_s, r);
    r = b.visit("/restgui/index.html");
    if (r.status != 200)
        return failed(u"the page after login loads"_s, r);
    r = b.get("/sysmgmt/2015/bmc/session", {{"XSRF-TOKEN", xsrf}});
    if (r.status != 200 || r.json().value(u"user"_s).toString() != u"root"_s)
        return failed(u"an authenticated API call"_s, r);
    r = b.get("/sysmgmt/2015/server/vconsole", {{"XSRF-TOKEN", xsrf}});
    const QUrl viewer(r.json().value(u"Location"_s).toString());
    if (r.status != 200 || !viewer.isValid())
        return failed(u"the console launch"_s, r);
    const QUrlQuery query(viewer);
    // The viewer page opens wss://{ip}:{kvmport}: both must be where the browser is.
    const QByteArray kvm = query.queryItemValue(u"ip"_s).toLatin1() + ':' +
                           query.queryItemValue(u"kvmport"_s).toLatin1();
    if (viewer.authority().toLatin1() != b.front().host() || kvm != b.front().host())
        return failed(u"the console URL points at the address the browser used"_s, r);
    r = b.visit(viewer.path(QUrl::FullyEncoded).toLatin1() + '?' +
                viewer.query(QUrl::FullyEncoded).toLatin1());
    if (r.status != 200 || !r.body.contains("/vnc/vconsole?vck="))
        return failed(u"the console page loads"_s, r);
    auto probe = b.openConsole("/vnc/vconsole?vck=" + query.queryItemValue(u"VCSID"_s).toLatin1(),
                               {u"binary"_s});
    const QByteArray hello = QByteArrayLiteral("\xf7\xb3");
    if (!handshake(*probe, hello,
                   hello + query.queryItemValue(u"VCSID2"_s).toLatin1() + QByteArray(8, '\0')) ||
        probe->subprotocol() != u"binary"_s)
        return failedConsole(u"the console handshake"_s, *probe);
    return streaming(std::move(probe));
}

FlowOutcome idrac8(BrowserLike &b) {
    if (auto f = openLoginPage(b, "iDRAC8"))
        return std::move(*f);
    Reply r = b.post("/data/login", "user=root&password=calvin",
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
    const auto m = QRegularExpression(u"<forwardUrl>index.html\\?ST1=(\\w+),ST2=(\\w+)</"_s)
                       .match(QString::fromLatin1(r.body));
    if (r.status != 200 || !m.hasMatch())
        return failed(u"login"_s, r);
    const QByteArray st2 = m.captured(2).toLatin1();
    r = b.visit("/index.html");
    if (r.status != 200)
        return failed(u"the page after login loads"_s, r);
    r = b.get("/data?get=userName", {{"ST2", st2}});
    if (r.status != 200 || !r.body.contains("<userName>root</userName>"))
        return failed(u"an authenticated API call"_s, r);
    r = b.visit("/viewer.html");
    if (r.status != 200)
        return failed(u"the console page loads"_s, r);
    auto probe = b.openConsole("/vkvm/", {u"lws-dvc-protocol"_s});
    if (!handshake(*probe, "APCP", {}) || probe->subprotocol() != u"lws-dvc-protocol"_s)
        return failedConsole(u"the console handshake"_s, *probe);
    return streaming(std::move(probe));
}

FlowOutcome ilo5(BrowserLike &b) {
    if (auto f = openLoginPage(b, "HPE iLO 5"))
        return std::move(*f);
    Reply r = b.post("/json/login_session",
                     R"({"method":"login","user_login":"Administrator","password":"password"})",
                     {{"Content-Type", "application/json"}});
    const QByteArray key = r.json().value(u"session_key"_s).toString().toLatin1();
    if (r.status != 200 || key.isEmpty() || b.cookie("sessionKey") != key)
        return failed(u"login"_s, r);
    r = b.visit("/html/summary.html");
    if (r.status != 200)
        return failed(u"the page after login loads"_s, r);
    r = b.get("/json/session_info");
    if (r.status != 200 || r.json().value(u"user_name"_s).toString() != u"Administrator"_s)
        return failed(u"an authenticated API call"_s, r);
    // The page's Redfish calls carry only the cookie; iLO wants X-Auth-Token.
    r = b.get("/redfish/v1/Managers/1/");
    if (r.status != 200 || !r.json().value(u"FirmwareVersion"_s).toString().startsWith(u"iLO"_s))
        return failed(u"a Redfish call with the session cookie"_s, r);
    r = b.visit("/irc.html");
    if (r.status != 200)
        return failed(u"the console page loads"_s, r);
    auto probe = b.openConsole("/wss/ircport", {});
    QByteArray hello = QByteArrayLiteral("\x01\x20") + key;
    hello.append(34 - hello.size(), '\0');
    if (!handshake(*probe, "P", hello, "R"))
        return failedConsole(u"the console handshake"_s, *probe);
    return streaming(std::move(probe));
}

FlowOutcome asrockrack(BrowserLike &b) {
    if (auto f = openLoginPage(b, "ASRockRack"))
        return std::move(*f);
    Reply r = b.post("/api/session", "username=admin&password=admin&certlogin=0",
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
    const QByteArray csrf = r.json().value(u"CSRFToken"_s).toString().toLatin1();
    if (r.status != 200 || csrf.isEmpty())
        return failed(u"login"_s, r);
    r = b.visit("/dashboard.html");
    if (r.status != 200)
        return failed(u"the page after login loads"_s, r);
    r = b.get("/api/session", {{"X-CSRFTOKEN", csrf}});
    if (r.status != 200 || r.json().value(u"user"_s).toString() != u"admin"_s)
        return failed(u"an authenticated API call"_s, r);
    r = b.visit("/viewer.html");
    if (r.status != 200)
        return failed(u"the console page loads"_s, r);
    r = b.get("/api/kvm/token", {{"X-CSRFTOKEN", csrf}});
    const QByteArray token = r.json().value(u"token"_s).toString().toLatin1();
    if (r.status != 200 || token.isEmpty())
        return failed(u"the KVM token"_s, r);
    auto probe = b.openConsole("/kvm", {u"binary"_s, u"base64"_s});
    if (!handshake(*probe, ConsoleHandshake::ivtp(0x17), ConsoleHandshake::ivtp(0x12, token),
                   ConsoleHandshake::ivtp(0x13)) ||
        probe->subprotocol() != u"binary"_s)
        return failedConsole(u"the console handshake"_s, *probe);
    return streaming(std::move(probe));
}

FlowOutcome generic(BrowserLike &b) {
    if (auto f = openLoginPage(b, "OpenBMC"))
        return std::move(*f);
    Reply r =
        b.post("/redfish/v1/SessionService/Sessions", R"({"UserName":"root","Password":"0penBmc"})",
               {{"Content-Type", "application/json"}});
    const QByteArray xsrf = b.cookie("XSRF-TOKEN");
    const QUrl self(QString::fromLatin1(r.header("Location")));
    if (r.status != 201 || xsrf.isEmpty() || self.path().isEmpty())
        return failed(u"login"_s, r);
    r = b.visit("/overview.html");
    if (r.status != 200)
        return failed(u"the page after login loads"_s, r);
    r = b.get(self.path().toLatin1(), {{"X-XSRF-TOKEN", xsrf}});
    if (r.status != 200 || r.json().value(u"UserName"_s).toString() != u"root"_s)
        return failed(u"an authenticated API call"_s, r);
    r = b.visit("/kvm.html");
    if (r.status != 200)
        return failed(u"the console page loads"_s, r);
    auto probe = b.openConsole("/kvm/0", {QString::fromLatin1(xsrf)});
    if (!probe->waitConnected() || probe->subprotocol() != QString::fromLatin1(xsrf))
        return failedConsole(u"the console opens with the XSRF token as subprotocol"_s, *probe);
    return streaming(std::move(probe));
}

} // namespace

namespace {

FlowOutcome walk(const QString &platform, BrowserLike &b) {
    if (platform == u"idrac9"_s)
        return idrac9(b);
    if (platform == u"idrac8"_s)
        return idrac8(b);
    if (platform == u"ilo5"_s)
        return ilo5(b);
    if (platform == u"asrockrack"_s)
        return asrockrack(b);
    if (platform == u"generic"_s)
        return generic(b);
    return failed(u"a known platform"_s);
}

} // namespace

FlowOutcome walkPlatform(const QString &platform, const Endpoint &front, const QByteArray &entry,
                         const QByteArray &entryCookie, const QByteArray &bmcOrigin) {
    BrowserLike b(front);
    b.watchFor(bmcOrigin);
    if (!entry.isEmpty()) {
        const Reply r = b.get(entry);
        if (r.status != 302 || b.cookie(entryCookie).isEmpty())
            return failed(u"the entry link"_s, r);
    }
    FlowOutcome outcome = walk(platform, b);
    if (!b.sightings().isEmpty()) // the first cause of whatever failed after it
        return failed(u"no response names the BMC (%1 did)"_s.arg(
            QString::fromLatin1(b.sightings().join(", "))));
    return outcome;
}

} // namespace flowtest
