#pragma once

#include "http/httprequesthead.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

namespace pc {
class TunnelSession;
class TunnelStream;
} // namespace pc

namespace gw {

// The agents connected to this gateway (README, "Agents"): one link per agent
// connection (an agent may hold several, from several addresses), with what
// GET /api/v1/agents and /metrics show: remote address, connected since, last seen, open
// streams and the bytes each way. Streams toward an agent are opened here, on the link
// with the fewest open streams; their bytes are counted per link and, cumulatively, per
// agent id (they survive reconnections, for /metrics' counters).
class AgentRegistry : public QObject {
    Q_OBJECT
public:
    struct Totals {
        quint64 up = 0;   // toward the BMC (sent to the agent)
        quint64 down = 0; // toward the user (received from the agent)
    };

    explicit AgentRegistry(QObject *parent = nullptr);
    ~AgentRegistry() override;

    // SESSION (the agent's tunnel, now established) belongs to agent ID, who proved it
    // with the secret whose digest is SECRETDIGEST; it stays listed until the session ends
    // for good (a detached one waits for its agent to resume it).
    void add(pc::TunnelSession *session, const QString &id, const QHostAddress &remote,
             const QString &publish, const QByteArray &secretDigest);
    // The agent came back on SESSION (a resume), maybe from another address.
    void resumed(pc::TunnelSession *session, const QHostAddress &remote);

    bool isConnected(const QString &id) const;
    // The URL the agent publishes (--publish), or empty.
    QString publishOf(const QString &id) const;
    // A new stream with HEAD toward agent ID, or nullptr when it is not connected (or
    // every link is at the agent's stream limit).
    pc::TunnelStream *openStream(const QString &id, const pc::HttpRequestHead &head);

    // Ends every link that STILLALLOWED refuses (its agent removed, or its secret changed,
    // by an apply); their streams fail. Returns how many links ended.
    int endRefused(
        const std::function<bool(const QString &id, const QByteArray &secretDigest)> &stillAllowed);
    void endAll(const QString &why);

    int linkCount() const;
    int streamCount() const;
    QHash<QString, Totals> totals() const;
    QJsonArray toJson() const;

Q_SIGNALS:
    void linksChanged();

private:
    struct StreamMeter {
        QPointer<pc::TunnelStream> stream;
        Totals seen;          // the stream's counters, as of its last event
        bool counted = false; // moved into the totals of what is gone
    };
    struct Link {
        QString id;
        QPointer<pc::TunnelSession> session;
        const pc::TunnelSession *key = nullptr; // the same, still comparable once destroyed
        QByteArray secretDigest;
        QHostAddress remote;
        QString publish;
        qint64 connectedSince = 0; // UNIX ms
        qint64 lastSeen = 0;       // UNIX ms
        std::vector<std::shared_ptr<StreamMeter>> streams;
        Totals ended; // of streams that are gone
    };
    Link *linkOf(pc::TunnelSession *session);
    void remove(pc::TunnelSession *session);
    void streamGone(const std::shared_ptr<StreamMeter> &meter);
    static Totals live(const Link &link);

    std::vector<std::unique_ptr<Link>> m_links;
    QHash<QString, Totals> m_endedTotals; // per id, of links and streams that are gone
};

} // namespace gw
