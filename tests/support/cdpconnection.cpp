#include "cdpconnection.h"

#include "waitfor.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace testsupport {

namespace {
// Events are kept for waitForEvent() and diagnostics; a page that logs without end must
// not grow the test's memory without bound.
constexpr qsizetype MaxKeptEvents = 4000;

// PMPROXY_CDP_TRACE=1 prints every protocol message (shortened) on stderr.
void trace(const char *direction, const QString &message) {
    static const bool enabled = qEnvironmentVariableIsSet("PMPROXY_CDP_TRACE");
    if (enabled)
        qInfo("cdp %s %s", direction, qPrintable(message.left(300)));
}
} // namespace

CdpConnection::CdpConnection(QObject *parent)
    : QObject(parent) {
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &CdpConnection::onMessage);
    connect(&m_socket, &QWebSocket::connected, this, &CdpConnection::eventReceived);
    connect(&m_socket, &QWebSocket::disconnected, this, &CdpConnection::eventReceived);
}

CdpConnection::~CdpConnection() {
    m_socket.abort();
}

bool CdpConnection::open(const QUrl &url, int timeoutMs, QString *error) {
    QString failure;
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, &failure](QAbstractSocket::SocketError) {
                failure = m_socket.errorString();
                Q_EMIT eventReceived();
            });
    m_socket.open(url);
    const bool ok = waitFor(
        [&] { return m_socket.state() == QAbstractSocket::ConnectedState || !failure.isEmpty(); },
        timeoutMs);
    disconnect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
               nullptr);
    if (ok && failure.isEmpty())
        return true;
    if (error)
        *error = u"DevTools WebSocket %1: %2"_s.arg(
            url.toString(), failure.isEmpty() ? u"no connection in time"_s : failure);
    m_socket.abort();
    return false;
}

bool CdpConnection::isOpen() const {
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

void CdpConnection::close() {
    m_socket.abort();
}

QJsonObject CdpConnection::call(const QString &method, const QJsonObject &params,
                                const QString &sessionId, int timeoutMs, QString *error) {
    const int id = m_nextId++;
    QJsonObject message{{u"id"_s, id}, {u"method"_s, method}, {u"params"_s, params}};
    if (!sessionId.isEmpty())
        message.insert(u"sessionId"_s, sessionId);
    QString failure;
    if (!isOpen()) {
        failure = u"DevTools connection is closed"_s;
    } else {
        const QString text =
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
        trace(">", text);
        m_socket.sendTextMessage(text);
        if (!waitFor([&] { return m_answers.contains(id) || !isOpen(); }, timeoutMs))
            failure = u"no answer to %1 within %2 ms"_s.arg(method).arg(timeoutMs);
    }
    const QJsonObject answer = m_answers.take(id);
    if (failure.isEmpty() && answer.isEmpty())
        failure = u"DevTools connection closed during %1"_s.arg(method);
    if (failure.isEmpty() && answer.contains(u"error"_s))
        failure = u"%1: %2"_s.arg(
            method, answer.value(u"error"_s).toObject().value(u"message"_s).toString());
    if (error)
        *error = failure;
    return failure.isEmpty() ? answer.value(u"result"_s).toObject() : QJsonObject{};
}

std::optional<CdpEvent>
CdpConnection::waitForEvent(const std::function<bool(const CdpEvent &)> &predicate, int timeoutMs,
                            quint64 since) {
    quint64 next = since; // the first event not checked yet
    std::optional<CdpEvent> found;
    waitFor(
        [&] {
            for (const CdpEvent &event : std::as_const(m_events)) {
                if (event.seq < next || found)
                    continue;
                next = event.seq + 1;
                if (predicate(event))
                    found = event;
            }
            return found.has_value() || !isOpen();
        },
        timeoutMs);
    return found;
}

void CdpConnection::onMessage(const QString &text) {
    trace("<", text);
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    if (message.contains(u"id"_s)) {
        m_answers.insert(message.value(u"id"_s).toInt(), message);
    } else if (message.contains(u"method"_s)) {
        if (m_events.size() >= MaxKeptEvents)
            m_events.removeFirst();
        m_events.append({message.value(u"method"_s).toString(),
                         message.value(u"params"_s).toObject(),
                         message.value(u"sessionId"_s).toString(), m_nextSeq++});
    }
    Q_EMIT eventReceived();
}

} // namespace testsupport
