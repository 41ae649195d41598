#pragma once

// A real X desktop with a VNC server: TigerVNC's Xvnc (Debian package
// tigervnc-standalone-server) on the first free display, RFB without authentication on a
// unix socket in a temporary directory (nothing listens on TCP), and its root window
// painted a known colour with xsetroot (x11-xserver-utils).

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

struct Rgb8 {
    quint8 r, g, b;
    QString hex() const; // "#rrggbb"
};

class XvncDesktop {
public:
    XvncDesktop() = default;
    ~XvncDesktop();
    XvncDesktop(const XvncDesktop &) = delete;
    XvncDesktop &operator=(const XvncDesktop &) = delete;

    // Starts Xvnc; false with error() saying why.
    bool start();
    QString error() const { return m_error; }
    // Its process group (0 before start()); stop() ends every process in it.
    qint64 processGroup() const { return m_group; }
    void stop();
    // The RFB (VNC) unix socket.
    QString rfbSocket() const;
    QString display() const { return m_display; }

    // Paints the root window COLOUR; false with error() saying why.
    bool paint(Rgb8 colour);

private:
    QTemporaryDir m_dir;
    QProcess m_xvnc;
    qint64 m_group = 0;
    QString m_display;
    QString m_error;
};
