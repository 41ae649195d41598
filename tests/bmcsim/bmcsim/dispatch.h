#pragma once

// How the connection proceeds once a request head has been routed: answer at once, or
// hand the body to a BodyHandler chunk by chunk and answer when it is complete. Bodies
// are never required to fit in memory: a handler decides what it keeps.

#include "bmcsim/consolehandshake.h"
#include "bmcsim/simresponse.h"

#include <QByteArrayView>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>

namespace bmcsim {

class CheckLog;

class BodyHandler {
public:
    virtual ~BodyHandler() = default;
    virtual void consume(QByteArrayView chunk) = 0;
    virtual SimResponse complete() = 0;
};

struct Dispatch {
    std::optional<SimResponse> response;  // decided from the head; any body is discarded
    std::unique_ptr<BodyHandler> handler; // or: feed it the body, answer with complete()

    static Dispatch respond(SimResponse response);
    static Dispatch handle(std::unique_ptr<BodyHandler> handler);
    // Collects a small body (login forms, JSON) of at most `maxBytes`, then calls `answer`;
    // a larger body gets 413 body-too-large, recorded in `log`.
    static Dispatch buffered(CheckLog *log,
                             std::function<SimResponse(const QByteArray &body)> answer,
                             qsizetype maxBytes = 64 * 1024);
};

// What to do with a WebSocket upgrade request.
struct UpgradeDecision {
    std::optional<SimResponse> refusal; // answer this instead of upgrading
    QStringList subprotocols;           // the server's supported list for this upgrade
    ConsoleHandshake handshake;
    QString closeReason; // non-empty: upgrade, then close at once with this reason

    static UpgradeDecision refuse(SimResponse response);
    static UpgradeDecision accept(QStringList subprotocols, ConsoleHandshake handshake);
    static UpgradeDecision acceptThenClose(QStringList subprotocols, const QString &reason);
};

} // namespace bmcsim
