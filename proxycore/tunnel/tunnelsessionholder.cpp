#include "tunnel/tunnelsessionholder.h"

#include "tunnel/tunnellog.h"
#include "tunnel/tunnelsession.h"

#include <QTimer>
#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace pc {

TunnelSessionHolder::TunnelSessionHolder(int graceMs, QObject *parent)
    : QObject(parent)
    , m_graceMs(graceMs) {}

TunnelSessionHolder::~TunnelSessionHolder() {
    for (const Entry &e : std::as_const(m_entries))
        e.session->disconnect(this);
}

void TunnelSessionHolder::add(TunnelSession *session, const QString &principal) {
    const QByteArray token = session->resumeToken();
    auto *grace = new QTimer(session);
    grace->setSingleShot(true);
    grace->setInterval(m_graceMs);
    session->setParent(this);
    m_entries.insert(token, Entry{session, principal, grace});
    connect(session, &TunnelSession::detached, grace, qOverload<>(&QTimer::start));
    connect(session, &TunnelSession::established, grace, &QTimer::stop);
    connect(grace, &QTimer::timeout, this, [this, session] {
        qCInfo(lcTunnel).nospace() << "session " << session->sessionId() << " not resumed within "
                                   << m_graceMs << " ms; closing its streams";
        session->terminate(
            {TunnelErrorCode::SessionLost, u"the client did not come back in time"_s});
        Q_EMIT expired(session);
    });
    connect(session, &TunnelSession::terminated, this, [this, session] {
        remove(session);
        session->deleteLater();
    });
    if (session->state() == TunnelSession::State::Detached)
        grace->start();
}

TunnelSession *TunnelSessionHolder::find(const QByteArray &resumeToken,
                                         const QString &principal) const {
    auto it = m_entries.constFind(resumeToken);
    if (it == m_entries.cend() || it.key().size() != resumeToken.size())
        return nullptr;
    // The hash lookup already matched; compare again in constant time for the record.
    if (CRYPTO_memcmp(it.key().constData(), resumeToken.constData(), size_t(resumeToken.size())))
        return nullptr;
    if (it->principal != principal)
        return nullptr;
    return it->session;
}

QList<TunnelSession *> TunnelSessionHolder::sessions() const {
    QList<TunnelSession *> out;
    for (const Entry &e : m_entries)
        out.append(e.session);
    return out;
}

void TunnelSessionHolder::remove(TunnelSession *session) {
    m_entries.remove(session->resumeToken());
}

} // namespace pc
