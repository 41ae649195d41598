#include "ui/displayformat.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace app {

QString DisplayFormat::state(BmcSession::State state) {
    switch (state) {
    case BmcSession::State::Idle:
        return tr("not started");
    case BmcSession::State::Connecting:
        return tr("connecting");
    case BmcSession::State::Connected:
        return tr("connected");
    case BmcSession::State::Reconnecting:
        return tr("reconnecting");
    case BmcSession::State::Failed:
        return tr("failed");
    case BmcSession::State::Expired:
        return tr("expired");
    case BmcSession::State::Closed:
        return tr("closed");
    }
    return {};
}

QString DisplayFormat::bytes(quint64 bytes) {
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeIecFormat);
}

QString DisplayFormat::roundTrip(int milliseconds) {
    if (milliseconds < 0)
        return u"–"_s;
    return tr("%1 ms").arg(milliseconds);
}

QString DisplayFormat::timeLeft(const QDateTime &expires, const QDateTime &now) {
    const qint64 left = now.secsTo(expires);
    if (left <= 0)
        return tr("expired");
    const qint64 h = left / 3600, m = (left / 60) % 60, s = left % 60;
    if (h > 0)
        return u"%1:%2:%3"_s.arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return u"%1:%2"_s.arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

} // namespace app
