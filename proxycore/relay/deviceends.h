#pragma once

#include <QObject>
#include <QString>
#include <functional>

class QIODevice;

namespace pc {

// The ends of a byte stream that is either a socket (QAbstractSocket, QSslSocket) or a
// tunnel stream (TunnelStream, e.g. a BMC connection made by an agent): one place that
// knows how each kind says "the far side ended" and how each is ended, for the relay,
// the BMC exchange and the connection pool.

// Whether DEVICE's far side has ended (no end signal will come any more).
bool deviceIsOver(const QIODevice *device);
// Whether bytes written to DEVICE still go somewhere.
bool deviceIsWritable(const QIODevice *device);
// Whether bytes written to DEVICE go out now: a tunnel stream's session may be detached
// (its peer gone for a while), and a request written there waits for a resume.
bool deviceIsAttached(const QIODevice *device);
// After what was written: a socket disconnects once its queue is sent, a stream is
// half-closed after its queue.
void endDeviceGracefully(QIODevice *device);
// At once, discarding what is queued: a socket is aborted, a stream reset.
void endDeviceAbruptly(QIODevice *device);
// Hands what was written to the network now, not in a later event-loop pass (a socket;
// a tunnel stream's bytes leave with its session's next pump anyway).
void flushNow(QIODevice *device);
// Calls ENDED (in CONTEXT) when DEVICE's far side ends: with an empty string for a clean
// end (a socket's close, a stream's Close), else with what went wrong (the bytes already
// received stay readable in both cases).
void onDeviceEnded(QIODevice *device, QObject *context, std::function<void(QString)> ended);

} // namespace pc
