#include "bmcsim/sessionstore.h"

#include <QRandomGenerator>

namespace bmcsim {

const Session &SessionStore::create(const QString &user) {
    Session s;
    s.number = m_next++;
    s.id = randomHex(16);
    s.csrf = randomHex(16);
    s.st1 = randomHex(16);
    s.user = user;
    return *m_sessions.insert(s.id, s);
}

const Session *SessionStore::find(const QByteArray &id) const {
    const auto it = m_sessions.constFind(id);
    return it == m_sessions.cend() ? nullptr : &it.value();
}

bool SessionStore::remove(const QByteArray &id) {
    return m_sessions.remove(id) > 0;
}

void SessionStore::issueTicket(const QByteArray &key, const ConsoleTicket &ticket) {
    m_tickets.removeIf([&](const std::pair<const QByteArray &, ConsoleTicket &> &entry) {
        return entry.second.sessionId == ticket.sessionId;
    });
    m_tickets.insert(key, ticket);
}

std::optional<ConsoleTicket> SessionStore::takeTicket(const QByteArray &key) {
    const auto it = m_tickets.find(key);
    if (it == m_tickets.end())
        return std::nullopt;
    ConsoleTicket ticket = it.value();
    m_tickets.erase(it);
    return ticket;
}

std::optional<ConsoleTicket> SessionStore::takeTicketOfSession(const QByteArray &sessionId) {
    for (auto it = m_tickets.begin(); it != m_tickets.end(); ++it) {
        if (it.value().sessionId == sessionId) {
            ConsoleTicket ticket = it.value();
            m_tickets.erase(it);
            return ticket;
        }
    }
    return std::nullopt;
}

QByteArray SessionStore::randomHex(int bytes) {
    QByteArray raw;
    while (raw.size() < bytes) {
        const quint32 word = QRandomGenerator::system()->generate();
        raw.append(reinterpret_cast<const char *>(&word), sizeof word);
    }
    raw.truncate(bytes);
    return raw.toHex();
}

QByteArray SessionStore::randomDigits(int count) {
    QByteArray out(count, '0');
    for (char &c : out)
        c = char('0' + QRandomGenerator::system()->bounded(10));
    return out;
}

} // namespace bmcsim
