#include "api/apiconnection.h"

#include "api/apilog.h"

#include <QSslSocket>
#include <QUrl>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

pc::HttpLimits apiLimits() {
    pc::HttpLimits limits;
    limits.maxBodyBytes = ApiConnection::kMaxBodyBytes;
    return limits;
}

QString errorCode(int status) {
    switch (status) {
    case 408:
        return u"request_timeout"_s;
    case 413:
        return u"body_too_large"_s;
    case 414:
        return u"uri_too_long"_s;
    case 431:
        return u"headers_too_large"_s;
    case 501:
        return u"not_implemented"_s;
    case 505:
        return u"http_version_not_supported"_s;
    default:
        return u"bad_request"_s;
    }
}

} // namespace

ApiConnection::ApiConnection(QTcpSocket *socket, Handler handler, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(std::move(handler))
    , m_parser(pc::HttpParser::Mode::Request, this, apiLimits()) {
    m_socket->setParent(this);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ApiConnection::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &ApiConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ApiConnection::shutdownWhenWritten);
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, &ApiConnection::shutdownWhenWritten);
    m_timer.start(kIdleTimeoutMs);
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ApiConnection::onReadyRead, Qt::QueuedConnection);
}

ApiConnection::~ApiConnection() = default;

void ApiConnection::onReadyRead() {
    if (m_refused) {
        m_socket->skip(m_socket->bytesAvailable()); // discarded unread
        return;
    }
    while (m_socket->bytesAvailable() > 0 && !m_refused &&
           m_parser.state() != pc::HttpParser::State::Closed &&
           m_parser.state() != pc::HttpParser::State::Upgraded) {
        if (!m_inRequest) {
            m_inRequest = true;
            m_timer.start(kRequestTimeoutMs);
        }
        // At most 64 KiB at a time: a refused body is not read past its refusal.
        const QByteArray data = m_socket->read(64 * 1024);
        auto fed = m_parser.feed(data);
        if (!fed) {
            const int status = fed.error().status;
            refuse(status, errorCode(status),
                   status == 413 ? u"the management API takes request bodies of at most 1 MiB"_s
                                 : fed.error().message);
            return;
        }
    }
    if (m_parser.state() == pc::HttpParser::State::Closed ||
        m_parser.state() == pc::HttpParser::State::Upgraded) {
        // The last request did not keep the connection alive (or asked for a protocol
        // the API does not speak): it was answered; the rest is not read.
        m_socket->skip(m_socket->bytesAvailable());
        m_socket->disconnectFromHost();
    }
}

void ApiConnection::onTimeout() {
    if (m_inRequest && !m_refused) {
        refuse(408, errorCode(408), u"the request did not arrive whole in time"_s);
        return;
    }
    m_socket->abort();
}

pc::HttpParserListener::Action ApiConnection::onRequestHead(const pc::HttpRequestHead &head) {
    m_request = ApiRequest();
    m_request.method = head.method;
    const QUrl url = QUrl::fromEncoded(head.target);
    m_request.path = url.path();
    m_request.query = QUrlQuery(url);
    m_request.headers = head.headers;
    m_keepAlive = head.keepAlive() && !head.isUpgrade() && !head.isConnect();
    // A client that waits for permission to send its body (curl does above 1 KiB) may: a body
    // over the limit was refused before this (413 from its Content-Length).
    if (head.hasBody() &&
        head.headers.value("Expect").compare("100-continue", Qt::CaseInsensitive) == 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    return Action::Continue;
}

pc::HttpParserListener::Action ApiConnection::onBody(QByteArrayView data) {
    m_request.body.append(data); // the parser bounds it at kMaxBodyBytes
    return Action::Continue;
}

pc::HttpParserListener::Action ApiConnection::onMessageComplete() {
    const ApiResponse response = m_handler(m_request);
    m_request = ApiRequest();
    m_socket->write(response.serialize(!m_keepAlive));
    m_inRequest = false;
    m_timer.start(kIdleTimeoutMs);
    return Action::Continue;
}

void ApiConnection::refuse(int status, const QString &code, const QString &detail) {
    m_refused = true;
    Q_EMIT refused(status, detail);
    m_socket->write(ApiResponse::error(status, code, detail).serialize(true));
    m_socket->skip(m_socket->bytesAvailable());
    m_timer.start(kLingerMs); // then onTimeout() aborts
    m_socket->flush();
    shutdownWhenWritten();
}

void ApiConnection::shutdownWhenWritten() {
    if (!m_refused || m_shutDown || m_socket->bytesToWrite() > 0)
        return;
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket); ssl && ssl->encryptedBytesToWrite() > 0)
        return;
    // The answer is with the kernel: FIN after it, and keep discarding what comes in
    // until the client closes or the linger time ends.
    m_shutDown = true;
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
}

} // namespace gw
