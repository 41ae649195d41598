#pragma once

#include "session/bmcsession.h"
#include "token/gpsessionclaims.h"

namespace app {

class BmcSessionPrivate {
public:
    pc::GpsessionClaims claims;
    QString token;
    BmcSession::Options options;
    BmcSession::State state = BmcSession::State::Idle;
    BmcSession::Failure failure = BmcSession::Failure::None;
    QString failureMessage;
    QUrl entryUrl;
    int roundTripMs = -1;
    quint64 bytesUp = 0;
    quint64 bytesDown = 0;
};

} // namespace app
