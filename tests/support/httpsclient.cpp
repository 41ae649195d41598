#include "httpsclient.h"

#include "http/httpparser.h"
#include "http/httpparserlistener.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QSslSocket>
#include <QTimer>

namespace testsupport {

namespace {

class Collector : public pc::HttpParserListener {
public:
    explicit Collector(RawReply &reply)
        : m_reply(reply) {}
    Action onResponseHead(const pc::HttpResponseHead &head) override {
        if (head.isInformational())
            return Action::Continue;
        m_reply.status = head.status;
        m_reply.headers = head.headers;
        return Action::Continue;
    }
    Action onBody(QByteArrayView data) override {
        m_reply.body += data.toByteArray();
        return Action::Continue;
    }
    Action onMessageComplete() override {
        if (m_reply.status != 0)
            done = true;
        return Action::Continue;
    }
    bool done = false;

private:
    RawReply &m_reply;
};

} // namespace

QJsonObject RawReply::json() const {
    return QJsonDocument::fromJson(body).object();
}

RawReply httpsExchange(quint16 port, const QByteArray &request, int timeoutMs) {
    RawReply reply;
    Collector collector(reply);
    pc::HttpParser parser(pc::HttpParser::Mode::Response, &collector);
    const QByteArray method = request.left(request.indexOf(' '));
    parser.pushRequestMethod(method);

    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QSslSocket::encrypted, &loop, [&] { socket.write(request); });
    QObject::connect(&socket, &QIODevice::readyRead, &loop, [&] {
        auto consumed = parser.feed(socket.readAll());
        if (!consumed) {
            reply.error = consumed.error().message;
            loop.quit();
        } else if (collector.done) {
            loop.quit();
        }
    });
    QObject::connect(&socket, &QAbstractSocket::disconnected, &loop, [&] {
        if (!collector.done && parser.finish())
            collector.done = collector.done || reply.status != 0;
        reply.closed = true;
        loop.quit();
    });
    QObject::connect(&socket, &QAbstractSocket::errorOccurred, &loop,
                     [&](QAbstractSocket::SocketError e) {
                         if (e != QAbstractSocket::RemoteHostClosedError) {
                             reply.error = socket.errorString();
                             loop.quit();
                         }
                     });
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    deadline.start(timeoutMs);
    loop.exec();
    if (!collector.done && reply.error.isEmpty())
        reply.error = QStringLiteral("no complete response within the deadline");
    if (collector.done && !reply.closed &&
        reply.headers.value("Connection").compare("close", Qt::CaseInsensitive) == 0) {
        // The server announced it closes: wait (on socket events) until it has.
        deadline.start(timeoutMs);
        if (socket.state() != QAbstractSocket::UnconnectedState)
            loop.exec();
        reply.closed = socket.state() == QAbstractSocket::UnconnectedState;
    }
    return reply;
}

RawReply httpsGet(quint16 port, const QByteArray &target, const QByteArray &extraHeaders,
                  int timeoutMs) {
    return httpsExchange(port,
                         "GET " + target + " HTTP/1.1\r\nHost: localhost:" +
                             QByteArray::number(port) + "\r\n" + extraHeaders + "\r\n",
                         timeoutMs);
}

} // namespace testsupport
