#pragma once

#include <QObject>

class QSocketNotifier;

namespace pc {

// Turns SIGINT/SIGTERM into a Qt signal delivered on the event loop (self-pipe: a
// signal handler may only write to a file descriptor), so programs shut down cleanly
// and flush what they hold. One instance per process.
class UnixSignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace pc
