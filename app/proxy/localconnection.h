#pragma once

#include "httpserver/httpserverhandler.h"
#include "proxy/localauth.h"
#include "relay/byterelayobserver.h"
#include "tunnel/tunnelheads.h"

#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

class QTcpSocket;

namespace pc {
class ByteRelay;
class Http1ResponseWriter;
class HttpServerConnection;
class TunnelStream;
} // namespace pc

namespace app {

class WebSocketShim;

// One browser connection on a session's loopback proxy. Each request is checked
// (LocalAuth: Host and the session secret) and then sent over the tunnel as one stream:
// the head in the stream's Open, the body as the stream's data. The response head
// comes back without HTTP/1.x framing; pc::Http1ResponseWriter frames the body for the
// browser (Content-Length as given, else chunked). A WebSocket upgrade becomes a raw relay
// (pc::ByteRelay) after its 101. The HTTP/1.1 loop (keep-alive, pipelining, lingering
// after an unread body) is pc::HttpServerConnection's. Deletes itself.
class LocalConnection : public QObject,
                        private pc::HttpServerHandler,
                        private pc::ByteRelayObserver {
    Q_OBJECT
public:
    using StreamOpener =
        std::function<pc::TunnelStream *(pc::TunnelStreamKind, const pc::HttpRequestHead &)>;

    LocalConnection(QTcpSocket *socket, const LocalAuth &auth, StreamOpener opener,
                    QObject *parent = nullptr);
    ~LocalConnection() override;

Q_SIGNALS:
    void traffic(quint64 up, quint64 down); // bytes of bodies and relayed data

private:
    void onRequest(pc::HttpRequestHead head) override;
    bool onBody(QByteArrayView data) override;
    void onRequestEnd() override;
    void onBadRequest(const pc::HttpParseError &error) override;
    void onClosing() override;
    void relayed(pc::RelayDirection direction, QByteArrayView data) override;

    void onResponse();
    void pumpResponse();
    void responseEnded();
    void startRelay();
    void refuse(int status, const char *error, const QString &detail);
    void close();

    QTcpSocket *m_socket;
    const LocalAuth &m_auth;
    StreamOpener m_opener;
    // The HTTP/1.1 loop on m_socket; not a QObject child: it goes before the socket.
    std::unique_ptr<pc::HttpServerConnection> m_connection;
    pc::TunnelStream *m_stream = nullptr; // our child while a request is on it
    QByteArray m_method;
    bool m_keepAlive = true;
    bool m_clientHttp11 = true;
    bool m_closing = false;                            // after an upgrade: the relay ended
    std::unique_ptr<pc::Http1ResponseWriter> m_writer; // frames the current response
    std::unique_ptr<WebSocketShim> m_shim;             // HTML pages: see WebSocketShim
    std::unique_ptr<pc::ByteRelay> m_relay;            // after a 101
};

} // namespace app
