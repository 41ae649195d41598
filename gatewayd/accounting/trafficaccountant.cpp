#include "accounting/trafficaccountant.h"

#include "accounting/accountinglog.h"
#include "session/sessionregistry.h"

#include <QDateTime>

namespace gw {

TrafficAccountant::TrafficAccountant(SessionRegistry *registry, std::unique_ptr<TrafficStore> store,
                                     int retentionHours, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_store(std::move(store))
    , m_retentionHours(retentionHours) {
    connect(&m_flushTimer, &QTimer::timeout, this, &TrafficAccountant::flush);
    m_flushTimer.start(kFlushIntervalMs);
    connect(&m_pruneTimer, &QTimer::timeout, this,
            [this] { prune(QDateTime::currentSecsSinceEpoch()); });
    m_pruneTimer.start(kPruneIntervalMs);
    prune(QDateTime::currentSecsSinceEpoch());
}

TrafficAccountant::~TrafficAccountant() {
    flush();
}

bool TrafficAccountant::flush() {
    if (m_registry) {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (const SessionUsage &u : m_registry->takeUsage(now)) {
            TrafficRecord r;
            r.time = u.time;
            r.session = u.identity.id;
            r.ip = u.identity.ip;
            r.port = u.identity.port;
            r.platform = u.identity.platform;
            r.sub = u.identity.sub;
            r.jti = u.identity.jti;
            r.path = sessionPathName(u.identity.path);
            r.bytesUp = qint64(u.delta.bytesUp);
            r.bytesDown = qint64(u.delta.bytesDown);
            r.requests = qint64(u.delta.requests);
            r.wsMessages = qint64(u.delta.wsMessages);
            m_pending.append(r);
        }
    }
    if (m_pending.isEmpty())
        return true;
    auto written = m_store->insert(m_pending);
    if (!written) {
        qCWarning(lcAccounting).noquote() << "traffic records not written yet:" << written.error();
        if (m_pending.size() > kMaxPending) {
            qCWarning(lcAccounting) << "dropping" << m_pending.size() - kMaxPending
                                    << "traffic records: the database keeps refusing writes";
            m_pending.remove(0, m_pending.size() - kMaxPending);
        }
        return false;
    }
    qCDebug(lcAccounting) << "wrote" << m_pending.size() << "traffic records";
    m_pending.clear();
    return true;
}

void TrafficAccountant::prune(qint64 now) {
    auto deleted = m_store->deleteBefore(now - qint64(m_retentionHours) * 3600);
    if (!deleted)
        qCWarning(lcAccounting).noquote() << deleted.error();
    else if (*deleted > 0)
        qCInfo(lcAccounting) << "deleted" << *deleted << "traffic records older than"
                             << m_retentionHours << "hours";
}

pc::Expected<QList<TrafficRecord>, QString> TrafficAccountant::since(qint64 since) {
    flush();
    return m_store->since(since);
}

void TrafficAccountant::setStore(std::unique_ptr<TrafficStore> store) {
    flush();
    m_store = std::move(store);
    flush(); // records the old store refused go to the new one
}

void TrafficAccountant::setRetentionHours(int hours) {
    m_retentionHours = hours;
    prune(QDateTime::currentSecsSinceEpoch());
}

} // namespace gw
