#include "bmcsim/personality.h"

#include "bmcsim/asrockrackpersonality.h"
#include "bmcsim/checklog.h"
#include "bmcsim/genericpersonality.h"
#include "bmcsim/idrac8personality.h"
#include "bmcsim/idrac9personality.h"
#include "bmcsim/ilo5personality.h"
#include "bmcsim/refusal.h"
#include "bmcsim/vmediatransfer.h"

using namespace Qt::StringLiterals;

namespace bmcsim {

namespace {
constexpr qint64 kMaxDownload = qint64(1) << 40;

QString latin1(const QByteArray &bytes) {
    return QString::fromLatin1(bytes);
}
} // namespace

std::unique_ptr<Personality> Personality::create(SimContext &context) {
    switch (context.rules.platform) {
    case Platform::Idrac9:
        return std::make_unique<Idrac9Personality>(context);
    case Platform::Idrac8:
        return std::make_unique<Idrac8Personality>(context);
    case Platform::Ilo5:
        return std::make_unique<Ilo5Personality>(context);
    case Platform::AsrockRack:
        return std::make_unique<AsrockRackPersonality>(context);
    case Platform::Generic:
        break;
    }
    return std::make_unique<GenericPersonality>(context);
}

Dispatch Personality::dispatch(const SimRequest &request) {
    if (auto refused = checkAddressing(request))
        return Dispatch::respond(std::move(*refused));
    if (request.path() == "/" && (request.method() == "GET" || request.method() == "HEAD"))
        return Dispatch::respond(root(request));
    if (auto routed = route(request))
        return std::move(*routed);
    if (auto transfer = vmedia(request))
        return std::move(*transfer);
    return Dispatch::respond(staticFile(request));
}

UpgradeDecision Personality::upgrade(const SimRequest &request) {
    if (auto refused = checkAddressing(request))
        return UpgradeDecision::refuse(std::move(*refused));
    if (request.path() != m_ctx.rules.consolePath)
        return UpgradeDecision::refuse(
            refuse(404, refusal::WebSocketPath,
                   u"no WebSocket at %1; the console is at %2"_s.arg(
                       latin1(request.path()), latin1(m_ctx.rules.consolePath))));
    if (auto refused = checkUpgrade(request))
        return UpgradeDecision::refuse(std::move(*refused));
    if (m_ctx.rules.upgradeNeedsOrigin &&
        latin1(request.header("origin")) != m_ctx.address.origin()) {
        const SimResponse answer =
            refuse(403, refusal::OriginMismatch,
                   u"console upgrade with Origin '%1', this BMC is %2"_s.arg(
                       latin1(request.header("origin")), m_ctx.address.origin()));
        if (!m_ctx.rules.originFailureClosesSocket)
            return UpgradeDecision::refuse(answer);
        return UpgradeDecision::acceptThenClose(m_ctx.rules.consoleSubprotocols.mid(0, 1),
                                                refusal::OriginMismatch);
    }
    return console(request);
}

std::optional<SimResponse> Personality::checkAddressing(const SimRequest &request) const {
    const PlatformRules &rules = m_ctx.rules;
    const QString own = m_ctx.address.origin();
    if (rules.checkHost) {
        const QString host = latin1(request.header("host"));
        const bool ok =
            host.compare(m_ctx.address.authority(), Qt::CaseInsensitive) == 0 ||
            host.compare(m_ctx.address.host() + u":"_s + QString::number(m_ctx.address.port()),
                         Qt::CaseInsensitive) == 0;
        if (!ok)
            return refuse(403, refusal::HostMismatch,
                          u"Host '%1' is not this BMC (%2)"_s.arg(host, m_ctx.address.authority()));
    }
    if (rules.checkOrigin && request.hasHeader("origin")) {
        const QString origin = latin1(request.header("origin"));
        if (origin.compare(own, Qt::CaseInsensitive) != 0)
            return refuse(403, refusal::OriginMismatch,
                          u"Origin '%1' is not this BMC's origin %2"_s.arg(origin, own));
    }
    if (rules.checkReferer && request.hasHeader("referer")) {
        const QString referer = latin1(request.header("referer"));
        if (!referer.startsWith(own + u"/"_s, Qt::CaseInsensitive))
            return refuse(403, refusal::RefererMismatch,
                          u"Referer '%1' is not a page of %2"_s.arg(referer, own));
    }
    return std::nullopt;
}

std::optional<SimResponse> Personality::checkUpgrade(const SimRequest &request) const {
    if (m_ctx.rules.upgradeNeedsExactConnectionUpgrade && request.header("connection") != "Upgrade")
        return refuse(400, refusal::ConnectionUpgradeCase,
                      u"Connection is '%1'; this BMC takes exactly 'Upgrade'"_s.arg(
                          latin1(request.header("connection"))));
    return std::nullopt;
}

SimResponse Personality::root(const SimRequest &request) const {
    if (m_ctx.rules.root == RootBehaviour::ServeLoginPage)
        return staticFile(SimRequest(request.method(), m_ctx.rules.loginPage, request.headers()));
    // Built from the Host header, as the real firmware does: behind a proxy that sets
    // Host to the BMC's address, the browser is sent to the BMC itself.
    QByteArray host = request.header("host");
    if (host.isEmpty())
        host = m_ctx.address.authority().toLatin1();
    SimResponse r(302);
    r.header("Location", "https://" + host + m_ctx.rules.loginPage);
    for (const auto &field : m_ctx.rules.pageHeaders)
        r.header(field.name, field.value);
    return r;
}

std::optional<Dispatch> Personality::vmedia(const SimRequest &request) const {
    const bool download = request.path() == "/vmedia/download" && request.method() == "GET";
    const bool upload = request.path() == "/vmedia/upload" &&
                        (request.method() == "PUT" || request.method() == "POST");
    if (!download && !upload)
        return std::nullopt;
    auto session = requireSession(request);
    if (!session)
        return Dispatch::respond(session.error());
    if (upload)
        return Dispatch::handle(std::make_unique<UploadDigest>());
    bool ok = false;
    const qint64 size = request.queryItem(u"size"_s).toLongLong(&ok);
    if (!ok || size < 0 || size > kMaxDownload)
        return Dispatch::respond(
            refuse(400, refusal::BadSize, u"size must be a byte count up to 2^40"_s));
    return Dispatch::respond(
        SimResponse::stream(std::make_shared<DownloadSource>(size), "application/octet-stream"));
}

SimResponse Personality::staticFile(const SimRequest &request) const {
    if (request.method() != "GET" && request.method() != "HEAD")
        return SimResponse::json(404, {{u"error"_s, u"not-found"_s}});
    const QByteArray &prefix = m_ctx.rules.gzipOnlyPrefix;
    const bool gzipOnly = !prefix.isEmpty() && request.path().startsWith(prefix);
    const auto page = m_ctx.pages.find(request.path(), gzipOnly);
    if (!page)
        return SimResponse::json(404, {{u"error"_s, u"not-found"_s}});
    if (gzipOnly && !request.acceptsGzip())
        return refuse(404, refusal::GzipRequired,
                      u"%1 is only stored gzip-compressed; the request has no "
                      "'Accept-Encoding: gzip'"_s.arg(latin1(request.path())));
    SimResponse r = SimResponse::content(200, page->contentType, page->content);
    if (page->gzipped)
        r.header("Content-Encoding", "gzip");
    for (const auto &field : m_ctx.rules.pageHeaders)
        r.header(field.name, field.value);
    return r;
}

SimResponse Personality::refuse(int status, const QString &reason, const QString &detail) const {
    m_ctx.log->refuse(reason, detail);
    return SimResponse::refusal(status, reason, detail);
}

pc::Expected<const Session *, SimResponse> Personality::requireSession(const SimRequest &request,
                                                                       const QByteArray &csrfHeader,
                                                                       int refusalStatus) const {
    const QByteArray &name = m_ctx.rules.sessionCookie;
    const QByteArray id = request.cookie(name);
    if (id.isEmpty())
        return pc::unexpected(refuse(refusalStatus, refusal::SessionCookieMissing,
                                     u"no '%1' cookie"_s.arg(latin1(name))));
    const Session *session = m_ctx.sessions.find(id);
    if (!session)
        return pc::unexpected(refuse(refusalStatus, refusal::SessionInvalid,
                                     u"cookie '%1' names no live session"_s.arg(latin1(name))));
    if (csrfHeader.isEmpty())
        return session;
    if (!request.hasHeader(csrfHeader))
        return pc::unexpected(refuse(refusalStatus, refusal::CsrfHeaderMissing,
                                     u"no '%1' header"_s.arg(latin1(csrfHeader))));
    if (request.header(csrfHeader) != session->csrf)
        return pc::unexpected(
            refuse(refusalStatus, refusal::CsrfHeaderMismatch,
                   u"'%1' is not this session's token"_s.arg(latin1(csrfHeader))));
    return session;
}

bool Personality::credentialsMatch(const QString &user, const QString &password) const {
    return user == m_ctx.user && password == m_ctx.password;
}

QByteArray Personality::cookieDomain() const {
    QString host = m_ctx.address.host();
    if (host.startsWith(u'['))
        host = host.mid(1, host.size() - 2);
    return host.toLatin1();
}

CookieSpec Personality::sessionCookie(const Session &session) const {
    CookieSpec spec;
    spec.name = m_ctx.rules.sessionCookie;
    spec.value = session.id;
    if (m_ctx.rules.cookieDomain)
        spec.domain = cookieDomain();
    return spec;
}

Dispatch Personality::buffered(std::function<SimResponse(const QByteArray &)> answer) const {
    return Dispatch::buffered(m_ctx.log, std::move(answer));
}

} // namespace bmcsim
