#pragma once

// One Chrome DevTools Protocol connection (JSON messages over a WebSocket), used
// synchronously from a test: call() sends a command and runs the event loop until its
// answer or a deadline. Events are kept, in order, for waitForEvent() and for
// diagnostics. Session ids address an attached target (flattened sessions).

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>
#include <QWebSocket>
#include <functional>
#include <optional>

namespace testsupport {

struct CdpEvent {
    QString method;
    QJsonObject params;
    QString sessionId;
    quint64 seq = 0; // 1 for the first event received, then counting
};

class CdpConnection : public QObject {
    Q_OBJECT

public:
    explicit CdpConnection(QObject *parent = nullptr);
    ~CdpConnection() override;

    // Connects to the browser's ws://127.0.0.1:PORT/devtools/browser/ID endpoint.
    bool open(const QUrl &url, int timeoutMs, QString *error);
    bool isOpen() const;
    void close();

    // Sends METHOD and waits for its answer: the "result" object, or an empty object
    // and *ERROR set (the protocol's error message, a timeout, the connection closing).
    QJsonObject call(const QString &method, const QJsonObject &params = {},
                     const QString &sessionId = {}, int timeoutMs = 15000,
                     QString *error = nullptr);

    // The sequence number the next event will get: mark before a command, then wait
    // for an event it causes with waitForEvent(..., since = that mark).
    quint64 eventMark() const { return m_nextSeq; }
    // Waits until an event numbered SINCE or later matches PREDICATE; returns it, or
    // nothing after TIMEOUTMS or when the connection closes.
    std::optional<CdpEvent> waitForEvent(const std::function<bool(const CdpEvent &)> &predicate,
                                         int timeoutMs, quint64 since);
    // The most recent events (a bounded number of them), oldest first.
    const QList<CdpEvent> &events() const { return m_events; }

Q_SIGNALS:
    void eventReceived();

private:
    void onMessage(const QString &message);

    QWebSocket m_socket;
    int m_nextId = 1;
    QHash<int, QJsonObject> m_answers;
    QList<CdpEvent> m_events;
    quint64 m_nextSeq = 1;
};

} // namespace testsupport
