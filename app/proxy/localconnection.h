#pragma once

#include "http/httpparser.h"
#include "http/httpparserlistener.h"
#include "proxy/localauth.h"
#include "relay/byterelayobserver.h"
#include "tunnel/tunnelheads.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;
class QTimer;

namespace pc {
class ByteRelay;
class TunnelStream;
} // namespace pc

namespace app {

class WebSocketShim;

// One browser connection on a session's loopback proxy. Each request is checked
// (LocalAuth: Host and the session secret) and then sent over the tunnel as one stream:
// the head in the stream's Open, the body as the stream's data. The response head
// comes back without HTTP/1.x framing; this side frames the body for the browser
// (Content-Length as given, else chunked). A WebSocket upgrade becomes a raw relay
// (pc::ByteRelay) after its 101. Requests on a keep-alive connection go one after the
// other. Deletes itself.
class LocalConnection : public QObject,
                        private pc::HttpParserListener,
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
    Action onRequestHead(const pc::HttpRequestHead &head) override;
    Action onBody(QByteArrayView data) override;
    Action onMessageComplete() override;
    void relayed(pc::RelayDirection direction, QByteArrayView data) override;

    void pumpInput();
    void handle(pc::HttpRequestHead head);
    void onResponse();
    void pumpResponse();
    void responseEnded();
    void answered(bool close); // the request is answered: next one, or close
    void startRelay();
    void refuse(int status, const char *error, const QString &detail);
    void close();
    void linger();
    void dropInput();

    QTcpSocket *m_socket;
    const LocalAuth &m_auth;
    StreamOpener m_opener;
    std::unique_ptr<pc::HttpParser> m_parser;
    QByteArray m_input;
    std::optional<pc::HttpRequestHead> m_pending;
    pc::TunnelStream *m_stream = nullptr; // our child while a request is on it
    QByteArray m_method;
    bool m_busy = false;
    bool m_keepAlive = true;
    bool m_requestDone = false;
    bool m_chunked = false;  // the response body is chunked by us
    bool m_bodyless = false; // HEAD, 1xx, 204, 304
    bool m_closing = false;
    bool m_answered = false; // a whole answer went out and the connection ends after it
    std::unique_ptr<WebSocketShim> m_shim; // HTML pages: see WebSocketShim
    QTimer *m_lingerTimer = nullptr;       // see linger()
    QElapsedTimer m_lingerClock;
    std::unique_ptr<pc::ByteRelay> m_relay; // after a 101
};

} // namespace app
