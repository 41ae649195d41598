#pragma once

#include "api/apirequest.h"
#include "api/apiresponse.h"
#include "http/httpparser.h"
#include "http/httpparserlistener.h"

#include <QObject>
#include <QTcpSocket>
#include <QTimer>
#include <functional>

namespace gw {

// One connection to the management API: reads requests with pc::HttpParser, hands each
// whole request to the handler and writes its answer (keep-alive and pipelining as
// HTTP/1.1 has them).
//
// Bounded: a request head as pc::HttpLimits allows (414/431 beyond), a body of at most
// kMaxBodyBytes. A larger body is refused without being read: a Content-Length over
// the limit gets 413 as soon as the head arrives, a chunked body as soon as it passes
// the limit. A refused request ends the connection: the answer is sent, the sending
// side shut down, and what the client still sends is discarded unread for at most
// kLingerMs (so that a reset does not destroy the answer before the client reads it),
// then the socket closes. A request must arrive whole within kRequestTimeoutMs of its
// first byte (else 408); an idle connection closes after kIdleTimeoutMs.
class ApiConnection : public QObject, private pc::HttpParserListener {
    Q_OBJECT
public:
    static constexpr qsizetype kMaxBodyBytes = 1024 * 1024;
    static constexpr int kRequestTimeoutMs = 30000;
    static constexpr int kIdleTimeoutMs = 60000;
    static constexpr int kLingerMs = 2000;
    using Handler = std::function<ApiResponse(const ApiRequest &)>;

    // Takes SOCKET (connected; for TLS, encrypted) and serves it until it closes; then
    // deletes itself.
    ApiConnection(QTcpSocket *socket, Handler handler, QObject *parent = nullptr);
    ~ApiConnection() override;

Q_SIGNALS:
    // A request refused before it reached the handler (STATUS 4xx).
    void refused(int status, const QString &detail);

private:
    void onReadyRead();
    void onTimeout();
    Action onRequestHead(const pc::HttpRequestHead &head) override;
    Action onBody(QByteArrayView data) override;
    Action onMessageComplete() override;
    // Answers RESPONSE, then ends the connection without reading what follows.
    void refuse(int status, const QString &code, const QString &detail);
    void shutdownWhenWritten();

    QTcpSocket *m_socket;
    Handler m_handler;
    pc::HttpParser m_parser;
    ApiRequest m_request;
    bool m_keepAlive = true;
    bool m_inRequest = false;
    bool m_refused = false;
    bool m_shutDown = false;
    QTimer m_timer;
};

} // namespace gw
