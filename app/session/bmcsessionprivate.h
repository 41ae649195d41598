#pragma once

#include "session/bmcsession.h"
#include "token/gpsessionclaims.h"

#include <QPointer>
#include <QTimer>
#include <optional>

namespace pc {
class TunnelClient;
}

namespace app {

class LocalProxy;

class BmcSessionPrivate {
public:
    pc::GpsessionClaims claims;
    QString token;
    BmcSession::Options options;
    BmcSession::State state = BmcSession::State::Idle;
    BmcSession::Failure failure = BmcSession::Failure::None;
    QString failureMessage;
    QUrl entryUrl;
    std::optional<QString> endedByGateway; // the reason of the gateway's "unauthorized" end
    int roundTripMs = -1;
    quint64 bytesUp = 0;
    quint64 bytesDown = 0;
    QPointer<pc::TunnelClient> client;
    QPointer<LocalProxy> proxy;
    QTimer statsTimer;
    QTimer expiryTimer;
};

} // namespace app
