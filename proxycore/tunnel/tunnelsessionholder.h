#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

class QTimer;

namespace pc {

class TunnelSession;

// Server side: the live sessions by resume token. A detached session waits here for
// its client for graceMs (TunnelOptions, 30 s by default; the BMC side stays open
// meanwhile), then ends with SessionLost and is deleted. A resume must present the
// same principal (e.g. who the token names) as the session was started with.
class TunnelSessionHolder : public QObject {
    Q_OBJECT
public:
    explicit TunnelSessionHolder(int graceMs, QObject *parent = nullptr);
    ~TunnelSessionHolder() override;

    // Takes ownership of SESSION (established, with a resume token).
    void add(TunnelSession *session, const QString &principal);
    // The session with RESUMETOKEN started by PRINCIPAL, or nullptr.
    TunnelSession *find(const QByteArray &resumeToken, const QString &principal) const;
    int count() const { return int(m_entries.size()); }
    QList<TunnelSession *> sessions() const;

Q_SIGNALS:
    // A detached session was not resumed in time and has ended.
    void expired(pc::TunnelSession *session);

private:
    struct Entry {
        TunnelSession *session;
        QString principal;
        QTimer *grace;
    };
    void remove(TunnelSession *session);

    int m_graceMs;
    QHash<QByteArray, Entry> m_entries;
};

} // namespace pc
