#include "agents/agentregistry.h"

#include "agents/agentslog.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"

#include <QDateTime>
#include <QJsonObject>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace gw {

namespace {
qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

bool isLive(const pc::TunnelSession *session) {
    return session != nullptr && session->state() != pc::TunnelSession::State::Terminated;
}

bool isAttached(const pc::TunnelSession *session) {
    return session != nullptr && session->state() == pc::TunnelSession::State::Attached;
}
} // namespace

AgentRegistry::AgentRegistry(QObject *parent)
    : QObject(parent) {}

AgentRegistry::~AgentRegistry() {
    for (const auto &link : m_links) {
        if (link->session)
            link->session->disconnect(this);
        for (const auto &meter : link->streams) {
            meter->counted = true;
            if (meter->stream)
                meter->stream->disconnect(this);
        }
    }
}

void AgentRegistry::add(pc::TunnelSession *session, const QString &id, const QHostAddress &remote,
                        const QString &publish, const QByteArray &secretDigest) {
    auto link = std::make_unique<Link>();
    link->id = id;
    link->session = session;
    link->key = session;
    link->secretDigest = secretDigest;
    link->remote = remote;
    link->publish = publish;
    link->connectedSince = link->lastSeen = nowMs();
    m_links.push_back(std::move(link));
    const auto touch = [this, session] {
        if (Link *l = linkOf(session))
            l->lastSeen = nowMs();
    };
    connect(session, &pc::TunnelSession::roundTripMeasured, this, touch);
    connect(session, &pc::TunnelSession::established, this, touch);
    connect(session, &pc::TunnelSession::terminated, this,
            [this, session](const pc::TunnelError &error) {
                qCInfo(lcAgents).noquote() << "agent connection ended:" << error.toString();
                remove(session);
            });
    connect(session, &QObject::destroyed, this, [this, session] { remove(session); });
    qCInfo(lcAgents).noquote() << "agent" << id << "connected from" << remote.toString();
    Q_EMIT linksChanged();
}

void AgentRegistry::resumed(pc::TunnelSession *session, const QHostAddress &remote) {
    if (Link *link = linkOf(session)) {
        link->remote = remote;
        link->lastSeen = nowMs();
        qCInfo(lcAgents).noquote()
            << "agent" << link->id << "resumed its connection from" << remote.toString();
    }
}

AgentRegistry::Link *AgentRegistry::linkOf(pc::TunnelSession *session) {
    for (const auto &link : m_links) {
        if (link->key == session)
            return link.get();
    }
    return nullptr;
}

void AgentRegistry::remove(pc::TunnelSession *session) {
    const auto it = std::find_if(m_links.begin(), m_links.end(),
                                 [session](const auto &link) { return link->key == session; });
    if (it == m_links.end())
        return;
    Link &link = **it;
    Totals &gone = m_endedTotals[link.id];
    const Totals all = live(link);
    gone.up += all.up;
    gone.down += all.down;
    for (const auto &meter : link.streams)
        meter->counted = true;
    qCInfo(lcAgents).noquote() << "agent" << link.id << "from" << link.remote.toString()
                               << "is no longer connected";
    m_links.erase(it);
    Q_EMIT linksChanged();
}

bool AgentRegistry::isConnected(const QString &id) const {
    return std::any_of(m_links.begin(), m_links.end(), [&id](const auto &link) {
        return link->id == id && isLive(link->session.data());
    });
}

QString AgentRegistry::publishOf(const QString &id) const {
    for (const auto &link : m_links) {
        if (link->id == id && !link->publish.isEmpty())
            return link->publish;
    }
    return {};
}

pc::TunnelStream *AgentRegistry::openStream(const QString &id, const pc::HttpRequestHead &head) {
    // The least busy link of the agent, attached ones first (a detached link's streams
    // wait for its agent to come back).
    std::vector<Link *> candidates;
    for (const auto &link : m_links) {
        if (link->id == id && isLive(link->session.data()))
            candidates.push_back(link.get());
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const Link *a, const Link *b) {
        const bool aAttached = isAttached(a->session.data());
        const bool bAttached = isAttached(b->session.data());
        if (aAttached != bAttached)
            return aAttached;
        return a->streams.size() < b->streams.size();
    });
    for (Link *link : candidates) {
        pc::TunnelSession *session = link->session.data();
        pc::TunnelStream *stream =
            session ? session->openStream(pc::TunnelStreamKind::Http, head) : nullptr;
        if (!stream)
            continue;
        auto meter = std::make_shared<StreamMeter>();
        meter->stream = stream;
        link->streams.push_back(meter);
        const std::weak_ptr<StreamMeter> weak = meter;
        // (The stream emits these, so it is alive while they run.)
        connect(stream, &QIODevice::readyRead, this, [weak, stream] {
            if (auto m = weak.lock())
                m->seen.down = stream->bytesReceived();
        });
        connect(stream, &QIODevice::bytesWritten, this, [weak, stream] {
            if (auto m = weak.lock())
                m->seen.up = stream->bytesSent();
        });
        connect(stream, &QObject::destroyed, this, [this, weak] {
            if (auto m = weak.lock())
                streamGone(m);
        });
        link->lastSeen = nowMs();
        return stream;
    }
    return nullptr;
}

void AgentRegistry::streamGone(const std::shared_ptr<StreamMeter> &meter) {
    if (meter->counted)
        return;
    meter->counted = true;
    for (const auto &link : m_links) {
        auto &streams = link->streams;
        const auto it = std::find(streams.begin(), streams.end(), meter);
        if (it == streams.end())
            continue;
        link->ended.up += meter->seen.up;
        link->ended.down += meter->seen.down;
        streams.erase(it);
        return;
    }
}

AgentRegistry::Totals AgentRegistry::live(const Link &link) {
    Totals all = link.ended;
    for (const auto &meter : link.streams) {
        all.up += meter->seen.up;
        all.down += meter->seen.down;
    }
    return all;
}

int AgentRegistry::endRefused(
    const std::function<bool(const QString &, const QByteArray &)> &stillAllowed) {
    QList<QPointer<pc::TunnelSession>> ending;
    for (const auto &link : m_links) {
        if (!stillAllowed(link->id, link->secretDigest))
            ending.append(link->session);
    }
    for (const QPointer<pc::TunnelSession> &session : ending) {
        if (session)
            session->close(pc::TunnelError{
                pc::TunnelErrorCode::Unauthorized,
                u"the agent was removed from the configuration or its secret changed"_s});
    }
    return int(ending.size());
}

void AgentRegistry::endAll(const QString &why) {
    QList<QPointer<pc::TunnelSession>> ending;
    for (const auto &link : m_links)
        ending.append(link->session);
    for (const QPointer<pc::TunnelSession> &session : ending) {
        if (session)
            session->close(why);
    }
}

int AgentRegistry::linkCount() const {
    return int(m_links.size());
}

int AgentRegistry::streamCount() const {
    int n = 0;
    for (const auto &link : m_links)
        n += int(link->streams.size());
    return n;
}

QHash<QString, AgentRegistry::Totals> AgentRegistry::totals() const {
    QHash<QString, Totals> all = m_endedTotals;
    for (const auto &link : m_links) {
        const Totals t = live(*link);
        Totals &sum = all[link->id];
        sum.up += t.up;
        sum.down += t.down;
    }
    return all;
}

QJsonArray AgentRegistry::toJson() const {
    QJsonArray out;
    for (const auto &link : m_links) {
        const Totals t = live(*link);
        const pc::TunnelSession *session = link->session.data();
        const bool attached = isAttached(session);
        QJsonObject item{{u"id"_s, link->id},
                         {u"remoteAddress"_s, link->remote.toString()},
                         {u"connectedSince"_s, link->connectedSince / 1000},
                         {u"lastSeen"_s, link->lastSeen / 1000},
                         {u"state"_s, attached ? u"connected"_s : u"reconnecting"_s},
                         {u"openStreams"_s, qint64(link->streams.size())},
                         {u"bytesUp"_s, qint64(t.up)},
                         {u"bytesDown"_s, qint64(t.down)}};
        if (session) {
            item.insert(u"session"_s, session->sessionId());
            if (const auto rtt = session->roundTripMs())
                item.insert(u"roundTripMs"_s, *rtt);
        }
        if (!link->publish.isEmpty())
            item.insert(u"publish"_s, link->publish);
        out.append(item);
    }
    return out;
}

} // namespace gw
