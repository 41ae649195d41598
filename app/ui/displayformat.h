#pragma once

#include "session/bmcsession.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace app {

// How the window writes a session's figures: states, byte counts, round trips and the
// time left on the token, in the user's language.
class DisplayFormat {
    Q_DECLARE_TR_FUNCTIONS(DisplayFormat)
public:
    static QString state(BmcSession::State state);
    static QString bytes(quint64 bytes);        // "512 B", "1.5 MiB"
    static QString roundTrip(int milliseconds); // "12 ms", "–" when unknown
    static QString timeLeft(const QDateTime &expires, const QDateTime &now); // "4:05", "1:02:03"
};

} // namespace app
