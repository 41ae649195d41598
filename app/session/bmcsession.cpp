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
    auto fail = [&](Failure f, const QString &why) {
        if (failure)
            *failure = f;
        if (message)
            *message = why;
        return nullptr;
    };
    auto parsed = pc::GpsessionLink::parse(link);
    if (!parsed)
        return fail(Failure::BadLink, parsed.error().message());
    auto claims = pc::UnverifiedClaims::read(parsed->token.toLatin1());
    if (!claims)
        return fail(Failure::BadLink,
                    tr("The link's token is not valid: %1").arg(claims.error().message()));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (claims->exp <= now)
        return fail(Failure::TokenExpired,
                    tr("The link has expired (at %1). Ask for a new link.")
                        .arg(QDateTime::fromSecsSinceEpoch(claims->exp).toString(Qt::ISODate)));
    std::unique_ptr<BmcSession> session(new BmcSession(parent));
    session->d->claims = *claims;
    session->d->token = parsed->token;
    session->d->options = options;
    if (failure)
        *failure = Failure::None;
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
