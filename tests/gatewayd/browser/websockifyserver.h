#pragma once

// websockify (Debian package websockify) serving the noVNC web client
// (/usr/share/novnc, Debian package novnc) and bridging its WebSocket to a VNC server's
// unix socket, over TLS with a self-signed certificate, on 127.0.0.1. The listening
// socket is bound here (port 0: the kernel picks a free port) and handed to websockify
// as its stdin (--inetd), so no port is guessed and none can be taken meanwhile.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

class WebsockifyServer {
public:
    WebsockifyServer() = default;
    ~WebsockifyServer();
    WebsockifyServer(const WebsockifyServer &) = delete;
    WebsockifyServer &operator=(const WebsockifyServer &) = delete;

    // Starts websockify in front of the VNC server at RFBSOCKET; false with error().
    bool start(const QString &rfbSocket,
               const QString &webRoot = QStringLiteral("/usr/share/novnc"));
    QString error() const { return m_error; }
    // Its process group (0 before start()); stop() ends every process in it.
    qint64 processGroup() const { return m_group; }
    void stop();
    quint16 port() const { return m_port; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    qint64 m_group = 0;
    quint16 m_port = 0;
    QString m_error;
};
