#pragma once

// One HTTPS client connection of an emulated BMC: requests parsed with proxycore's
// HttpParser, routed by the personality, answered in order (keep-alive, pipelining).
//
// Streaming both ways, with back-pressure: request bodies go to the route's BodyHandler
// piece by piece, and the socket's read buffer is bounded, so a client uploading faster
// than the handler consumes is held back by TCP; streamed response bodies are produced
// only while the socket has less than a high-water mark waiting to be sent.
//
// WebSocket upgrades: a request head is first looked at in a peeked copy of the
// socket's bytes (see consoleupgrade.h for why); only a request that is not an upgrade
// is consumed from the socket.

#include "bmcsim/dispatch.h"
#include "http/httpparser.h"
#include "http/httprequesthead.h"

#include <QObject>
#include <memory>
#include <optional>

class QSslSocket;

namespace bmcsim {

class CheckLog;
class Personality;

class HttpConnection final : public QObject, private pc::HttpParserListener {
    Q_OBJECT
public:
    // Takes `socket` over; deletes itself when the connection ends or turns WebSocket.
    // COMPRESS: gzip text bodies for clients that accept it (ServerOptions::compress).
    HttpConnection(QSslSocket *socket, Personality &personality, CheckLog *log, bool compress,
                   QObject *parent);
    ~HttpConnection() override;

private:
    enum class Phase { Head, Body, Respond, Closing };

    Action onRequestHead(const pc::HttpRequestHead &head) override;
    Action onBody(QByteArrayView data) override;
    Action onMessageComplete() override;

    void onReadyRead();
    void readHead();
    void readBody();
    void startRequest();
    void startUpgrade();
    void respond(const SimResponse &response);
    void pump();
    void finishResponse();
    void refuseMessage(int status, const QString &reason, const QString &detail);
    qint64 queuedBytes() const;

    QSslSocket *m_socket;
    Personality &m_personality;
    CheckLog *m_log;
    pc::HttpParser m_parser;
    Phase m_phase = Phase::Head;
    QByteArray m_inbox; // read from the socket, not yet taken by the parser
    std::optional<pc::HttpRequestHead> m_head;
    bool m_messageComplete = false;
    std::unique_ptr<BodyHandler> m_handler;
    std::shared_ptr<BodySource> m_source;
    qint64 m_sourceLeft = 0;
    bool m_closeAfterResponse = false;
    bool m_compress = false;
};

} // namespace bmcsim
