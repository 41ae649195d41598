#include "session/bmcsession.h"

#include "session/bmcsessionprivate.h"
#include "token/gpsessionlink.h"
#include "token/unverifiedclaims.h"

using namespace Qt::StringLiterals;

namespace app {

BmcSession::BmcSession(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<BmcSessionPrivate>()) {}

BmcSession::~BmcSession() = default;

std::unique_ptr<BmcSession> BmcSession::create(const QString &link, const Options &options,
                                               Failure *failure, QString *message,
                                               QObject *parent) {
    Refusal refusal;
    auto session = create(link, options, &refusal, parent);
    if (failure)
        *failure = refusal.failure;
    if (message)
        *message = refusal.message;
    return session;
}

std::unique_ptr<BmcSession> BmcSession::create(const QString &link, const Options &options,
                                               Refusal *refusal, QObject *parent) {
    Refusal r;
    auto fail = [&](Refusal::Kind kind, Failure f, const QString &why) {
        r.kind = kind;
        r.failure = f;
        r.message = why;
        if (refusal)
            *refusal = r;
        return nullptr;
    };
    auto parsed = pc::GpsessionLink::parse(link);
    if (!parsed)
        return fail(Refusal::Kind::Malformed, Failure::BadLink, parsed.error().message());
    auto claims = pc::UnverifiedClaims::read(parsed->token.toLatin1());
    if (!claims)
        return fail(Refusal::Kind::Malformed, Failure::BadLink,
                    tr("The link's token is not valid: %1").arg(claims.error().message()));
    r.gateway = claims->upstream.toString();
    // The token's claims are not verified here (the gateway does that): a link that points
    // at one gateway must not send the app, and the token, to another.
    if (parsed->form == pc::GpsessionLink::Form::Https) {
        const pc::HostPort linkHost{parsed->gatewayHost, parsed->gatewayPort};
        if (!pc::HostPort::sameHost(linkHost.host, claims->upstream.host) ||
            linkHost.port != claims->upstream.port)
            return fail(Refusal::Kind::WrongGateway, Failure::BadLink,
                        tr("The link points at the gateway %1 but its token names the gateway "
                           "%2; a link must name its token's gateway.")
                            .arg(linkHost.toString(), r.gateway));
    }
    if (const QString why = options.gateways.refusal(claims->upstream); !why.isEmpty())
        return fail(Refusal::Kind::GatewayNotAllowed, Failure::BadLink, why);
    const qint64 now = pc::Clock::orSystem(options.clock)->secsSinceEpoch();
    if (claims->exp <= now)
        return fail(Refusal::Kind::Expired, Failure::TokenExpired,
                    tr("The link has expired (at %1). Ask for a new link.")
                        .arg(QDateTime::fromSecsSinceEpoch(claims->exp).toString(Qt::ISODate)));
    std::unique_ptr<BmcSession> session(new BmcSession(parent));
    session->d->claims = *claims;
    session->d->token = parsed->token;
    session->d->options = options;
    session->d->options.clock = pc::Clock::orSystem(options.clock);
    if (refusal)
        *refusal = r;
    return session;
}

BmcSession::Info BmcSession::info() const {
    const pc::GpsessionClaims &c = d->claims;
    Info i;
    i.platform = pc::platformName(c.platform);
    i.bmc = (c.ip.contains(u':') ? u"[%1]:%2"_s : u"%1:%2"_s).arg(c.ip).arg(c.port);
    i.gateway = c.upstream.toString();
    i.subject = c.sub;
    i.expires = QDateTime::fromSecsSinceEpoch(c.exp);
    return i;
}

BmcSession::State BmcSession::state() const {
    return d->state;
}

const pc::Clock &BmcSession::clock() const {
    return *d->options.clock;
}

QString BmcSession::failureMessage() const {
    return d->failureMessage;
}

BmcSession::Failure BmcSession::failure() const {
    return d->failure;
}

QUrl BmcSession::entryUrl() const {
    return d->entryUrl;
}

int BmcSession::roundTripMs() const {
    return d->roundTripMs;
}

quint64 BmcSession::bytesUp() const {
    return d->bytesUp;
}

quint64 BmcSession::bytesDown() const {
    return d->bytesDown;
}

} // namespace app
