#include "accounting/trafficaccountant.h"

#include "accounting/accountinglog.h"
#include "session/sessionregistry.h"

#include <QDateTime>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace gw {

TrafficAccountant::TrafficAccountant(SessionRegistry *registry, std::unique_ptr<TrafficStore> store,
                                     int retentionHours, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_store(std::move(store))
    , m_retentionHours(retentionHours) {
    connect(&m_flushTimer, &QTimer::timeout, this, &TrafficAccountant::flush);
    m_flushTimer.start(kFlushIntervalMs);
    connect(&m_pruneTimer, &QTimer::timeout, this, [this] { prune(m_clock->secsSinceEpoch()); });
    m_pruneTimer.start(kPruneIntervalMs);
    prune(m_clock->secsSinceEpoch());
}

TrafficAccountant::~TrafficAccountant() {
    if (!flush())
        qCCritical(lcAccounting) << m_pending.size()
                                 << "traffic records could not be written and are lost";
}

bool TrafficAccountant::flush() {
    if (m_registry) {
        const qint64 now = m_clock->secsSinceEpoch();
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
            r.agent = u.identity.agent;
            r.group = u.identity.group;
            r.host = u.identity.host;
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
        holdBack(written.error());
        return false;
    }
    if (!m_problem.isEmpty()) {
        qCInfo(lcAccounting) << "accounting writes work again:" << m_pending.size()
                             << "held-back traffic records written";
        m_problem.clear();
        m_loggedKinds.clear();
        m_droppingLogged = false;
    }
    qCDebug(lcAccounting) << "wrote" << m_pending.size() << "traffic records";
    m_pending.clear();
    return true;
}

void TrafficAccountant::holdBack(const TrafficStore::WriteError &error) {
    ++m_writeErrors[error.kind];
    m_problem = u"cannot write traffic records (%1): %2"_s.arg(error.kind, error.detail);
    if (!m_loggedKinds.contains(error.kind)) {
        m_loggedKinds.insert(error.kind);
        qCCritical(lcAccounting).noquote()
            << m_problem << "-" << m_pending.size()
            << "records held back in memory and retried every" << kFlushIntervalMs / 1000
            << "s (at most" << m_backlogLimit << "records; beyond, the oldest are dropped)";
    }
    dropOverLimit();
}

void TrafficAccountant::dropOverLimit() {
    const qsizetype excess = m_pending.size() - m_backlogLimit;
    if (excess <= 0)
        return;
    m_pending.remove(0, excess);
    m_dropped += quint64(excess);
    if (!m_droppingLogged) {
        m_droppingLogged = true;
        qCCritical(lcAccounting) << "traffic backlog full:" << m_backlogLimit
                                 << "records held; dropping the oldest ones while the database "
                                    "refuses writes (gatewayd_accounting_records_dropped_total)";
    }
}

AccountingHealth TrafficAccountant::health() const {
    AccountingHealth h;
    h.backlog = m_pending.size();
    h.backlogLimit = m_backlogLimit;
    h.dropped = m_dropped;
    h.writeErrors = m_writeErrors;
    if (!m_pending.isEmpty())
        h.problem = m_problem;
    return h;
}

void TrafficAccountant::setBacklogLimit(qsizetype limit) {
    m_backlogLimit = std::max<qsizetype>(1, limit);
    dropOverLimit();
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
    prune(m_clock->secsSinceEpoch());
}

} // namespace gw
