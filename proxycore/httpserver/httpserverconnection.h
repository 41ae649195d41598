#pragma once

#include "http/httpparser.h"
#include "http/httpparserlistener.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;

namespace pc {

class HttpServerHandler;

// The HTTP/1.1 server side of one client connection (docs/architecture.md, "Two ways
// in"): reads the socket into a pc::HttpParser with bounded memory, hands the handler
// one request at a time (pipelined ones wait), reads its body only as fast as the
// handler takes it, decides after each answer whether the connection carries another
// request (keep-alive, the body read to its end: an unread body is never taken for the
// next request), enforces the idle and header deadlines, and lets the socket go after
// an upgrade. The handler writes its answers on socket() itself.
//
// It neither owns nor deletes the socket or the handler: it emits finished() once the
// connection is closed (or abandoned after lingering), and the owner deletes itself.
class HttpServerConnection : public QObject, private HttpParserListener {
    Q_OBJECT
public:
    struct Options {
        qint64 readPiece = 64 * 1024;       // bytes fed to the parser at a time
        qint64 inputHighWater = 256 * 1024; // the socket's read buffer
        int idleTimeoutMs = 0;              // no byte and no request for this long; 0: none
        // A request head must complete within this long of its first byte (the first one:
        // of the connection). Asked each time (the configuration in force); null: none.
        std::function<int()> headerTimeoutMs;
        // After an answer that closes the connection with the client's input not read to
        // its end, read and drop input for a while before closing (see linger()).
        bool linger = false;
        int lingerIdleMs = 5000;
        qint64 lingerMaxMs = 30000;
    };

    HttpServerConnection(QTcpSocket *socket, HttpServerHandler *handler, Options options,
                         QObject *parent = nullptr);
    ~HttpServerConnection() override;

    QTcpSocket *socket() const { return m_socket; }

    // About the current request.
    bool requestComplete() const { return m_requestComplete; }
    bool requestKeepAlive() const { return m_requestKeepAlive; }
    bool isBusy() const { return m_busy; }
    bool parseFailed() const;
    bool isClosing() const { return m_closing; }

    // Reads the current request's body (and, after it, nothing until it is answered).
    void readBody();
    // After onBody() returned true: read on.
    void resumeBody();
    // Writes a whole answer and finishes the request.
    void respond(const QByteArray &response, bool close);
    // The current request is answered: read the next one, or close (the handler asked,
    // the request did not keep the connection, or its body was not read to its end).
    void finishResponse(bool keepAlive);
    // Closes the connection: what was written is sent first.
    void close();
    // The socket leaves the loop (an upgrade: a relay or another protocol takes it). The
    // parser is let finish the request head; returns the bytes that followed it. The
    // socket's signals no longer reach this object.
    QByteArray takeSocketForUpgrade();

Q_SIGNALS:
    void finished(); // closed: the owner may delete itself (and the socket)

private:
    Action onRequestHead(const HttpRequestHead &head) override;
    Action onBody(QByteArrayView data) override;
    Action onMessageComplete() override;

    void pumpInput();
    void closeAfterAnswer();
    void headerTimedOut();
    void linger();
    void dropInput();
    void done();

    QTcpSocket *m_socket;
    HttpServerHandler *m_handler;
    Options m_options;
    std::unique_ptr<HttpParser> m_parser;
    QByteArray m_input; // received, not yet consumed by the parser
    std::optional<HttpRequestHead> m_pendingHead;
    bool m_busy = false;            // a request is being answered
    bool m_requestComplete = false; // its body has been read to the end
    bool m_requestKeepAlive = true;
    bool m_closing = false;
    bool m_bodyStarted = false; // readBody() was called for the current request
    bool m_pumping = false;     // inside pumpInput()
    bool m_finished = false;    // finished() was emitted
    QTimer m_idleTimer;
    QTimer m_headerTimer;
    QTimer m_lingerTimer;
    QElapsedTimer m_lingerClock;
};

} // namespace pc
