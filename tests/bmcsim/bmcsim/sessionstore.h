#pragma once

// Web sessions of one emulated BMC and the one-time console tickets they hand out.

#include <QByteArray>
#include <QHash>
#include <QString>
#include <optional>

namespace bmcsim {

struct Session {
    int number = 0;  // racsession_id, Redfish session id
    QByteArray id;   // the session cookie's value (iLO: also the X-Auth-Token)
    QByteArray csrf; // XSRF-TOKEN, ST2, CSRFToken or the OpenBMC XSRF token
    QByteArray st1;  // iDRAC8's URL token
    QString user;
};

// A console launch: the key the WebSocket URL carries and the secret the in-band
// handshake must repeat (iDRAC9 VCSID/VCSID2, ASRockRack's KVM token).
struct ConsoleTicket {
    QByteArray sessionId;
    QByteArray secret;
};

class SessionStore {
public:
    const Session &create(const QString &user);
    const Session *find(const QByteArray &id) const;
    bool remove(const QByteArray &id);

    // Issues a ticket under `key`, replacing any earlier ticket of the same session.
    void issueTicket(const QByteArray &key, const ConsoleTicket &ticket);
    // A ticket is good for one console connection.
    std::optional<ConsoleTicket> takeTicket(const QByteArray &key);
    // The ticket session `sessionId` was last issued, taken the same way.
    std::optional<ConsoleTicket> takeTicketOfSession(const QByteArray &sessionId);

    static QByteArray randomHex(int bytes);
    static QByteArray randomDigits(int count);

private:
    QHash<QByteArray, Session> m_sessions;
    QHash<QByteArray, ConsoleTicket> m_tickets;
    int m_next = 1;
};

} // namespace bmcsim
