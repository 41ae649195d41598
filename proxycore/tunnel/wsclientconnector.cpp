#include "tunnel/wsclientconnector.h"

#include "tunnel/wshandshake.h"
#include "util/lowdelay.h"

#include <QSslConfiguration>

using namespace Qt::StringLiterals;

namespace pc {

WsClientConnector::WsClientConnector(Request request, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_parser(HttpParser::Mode::Response, this) {}

WsClientConnector::~WsClientConnector() {
    if (QSslSocket *s = m_socket.data()) {
        s->disconnect(this);
        s->abort();
    }
}

void WsClientConnector::start() {
    auto *socket = new QSslSocket(this);
    m_socket = socket;
    const bool secure = m_request.url.scheme() == u"wss"_s;
    connect(socket, &QAbstractSocket::errorOccurred, this,
            [this, socket] { fail(socket->errorString()); });
    connect(socket, &QAbstractSocket::disconnected, this,
            [this] { fail(u"the gateway closed the connection during the handshake"_s); });
    connect(socket, &QIODevice::readyRead, this, &WsClientConnector::readResponse);
    const QString host = m_request.url.host();
    if (secure) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!m_request.extraCas.isEmpty())
            tls.addCaCertificates(m_request.extraCas);
        socket->setSslConfiguration(tls);
        connect(socket, &QSslSocket::encrypted, this, &WsClientConnector::sendRequest);
        // Verifies the peer's certificate for HOST (QSslSocket's default for a client).
        socket->connectToHostEncrypted(host, quint16(m_request.url.port(443)));
    } else {
        connect(socket, &QAbstractSocket::connected, this, &WsClientConnector::sendRequest);
        socket->connectToHost(host, quint16(m_request.url.port(80)));
    }
}

void WsClientConnector::sendRequest() {
    if (m_done || !m_socket)
        return;
    setLowDelay(m_socket.data());
    m_key = wshandshake::newKey();
    m_parser.pushRequestMethod("GET");
    m_socket->write(wshandshake::clientRequest(m_request.url, m_request.headers, m_key));
}

HttpParserListener::Action WsClientConnector::onResponseHead(const HttpResponseHead &head) {
    if (head.status == 101 || !head.isInformational())
        m_head = head;
    return Action::Continue;
}

void WsClientConnector::readResponse() {
    QSslSocket *socket = m_socket.data();
    if (m_done || !socket)
        return;
    const QByteArray data = socket->readAll();
    if (m_key.isEmpty()) {
        fail(u"the gateway spoke before the upgrade request"_s);
        return;
    }
    // A 101 stops the parser at the end of its head (state Upgraded): the bytes it did
    // not consume are the first frames.
    const auto consumed = m_parser.feed(data);
    if (!consumed) {
        fail(u"invalid handshake response: %1"_s.arg(consumed.error().message));
        return;
    }
    if (!m_head)
        return; // more of the head to come
    const HttpResponseHead &head = *m_head;
    if (head.status != 101) {
        // Worded like QWebSocket's errors were, for logs that look for it.
        fail(u"the gateway answered the upgrade with status code: %1"_s.arg(head.status),
             head.status);
        return;
    }
    if (m_parser.state() != HttpParser::State::Upgraded) {
        fail(u"invalid 101 response"_s);
        return;
    }
    if (head.headers.combinedValue("Sec-WebSocket-Accept").trimmed() !=
        wshandshake::acceptFor(m_key)) {
        fail(u"the 101 response lacks the right Sec-WebSocket-Accept"_s);
        return;
    }
    if (head.headers.combinedValue("Upgrade").trimmed().toLower() != "websocket") {
        fail(u"the 101 response does not upgrade to websocket"_s);
        return;
    }
    m_done = true;
    socket->disconnect(this);
    socket->setParent(nullptr);
    m_socket = nullptr;
    Q_EMIT succeeded(socket, data.sliced(*consumed));
}

void WsClientConnector::fail(const QString &why, int httpStatus) {
    if (m_done)
        return;
    m_done = true;
    if (QSslSocket *s = m_socket.data()) {
        s->disconnect(this);
        s->abort();
    }
    Q_EMIT failed(why, httpStatus);
}

} // namespace pc
