#include "sessionclient.h"

#include <QEventLoop>
#include <QTimer>

using namespace Qt::StringLiterals;

SessionClient::SessionClient(quint16 port) {
    m_socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_socket.connectToHostEncrypted(u"127.0.0.1"_s, port);
}

SessionClient::~SessionClient() {
    m_socket.abort();
}

bool SessionClient::connected() {
    if (m_socket.isEncrypted())
        return m_socket.state() == QAbstractSocket::ConnectedState;
    return m_socket.waitForEncrypted(10000);
}

int SessionClient::request(const QByteArray &head) {
    return requestWithHook(head, 0, {});
}

int SessionClient::requestWithHook(const QByteArray &head, qint64 after,
                                   const std::function<void()> &once) {
    if (!connected())
        return 0;
    m_parser = std::make_unique<pc::HttpParser>(pc::HttpParser::Mode::Response,
                                                static_cast<pc::HttpParserListener *>(this));
    m_parser->pushRequestMethod(head.left(head.indexOf(' ')));
    m_status = 0;
    m_done = false;
    body.clear();
    bodyBytes = 0;
    bool hooked = false;
    QEventLoop loop;
    auto read = [&] {
        const QByteArray data = m_socket.readAll();
        received += data.size();
        if (!m_parser->feed(data))
            loop.quit();
        if (!hooked && once && bodyBytes >= after) {
            hooked = true;
            once();
        }
        if (m_done)
            loop.quit();
    };
    QObject::connect(&m_socket, &QIODevice::readyRead, &loop, read);
    QObject::connect(&m_socket, &QAbstractSocket::disconnected, &loop, [&] {
        read();
        loop.quit();
    });
    QTimer::singleShot(5 * 60 * 1000, &loop, &QEventLoop::quit);
    m_socket.write(head);
    read(); // anything already buffered
    if (!m_done && m_socket.state() == QAbstractSocket::ConnectedState)
        loop.exec();
    return m_done ? m_status : (m_status ? -m_status : 0);
}

bool SessionClient::waitClosed(int timeoutMs) {
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        return true;
    QEventLoop loop;
    QObject::connect(&m_socket, &QAbstractSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&m_socket, &QIODevice::readyRead, &loop, [this] { m_socket.readAll(); });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return m_socket.state() == QAbstractSocket::UnconnectedState;
}

pc::HttpParserListener::Action SessionClient::onResponseHead(const pc::HttpResponseHead &head) {
    m_status = head.status;
    return Action::Continue;
}

pc::HttpParserListener::Action SessionClient::onBody(QByteArrayView data) {
    bodyBytes += data.size();
    if (!countOnly)
        body += data.toByteArray();
    return Action::Continue;
}

pc::HttpParserListener::Action SessionClient::onMessageComplete() {
    m_done = true;
    return Action::Continue;
}
