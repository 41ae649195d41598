#include "xvncdesktop.h"

#include "processgroup.h"

#include <QDeadlineTimer>

using namespace Qt::StringLiterals;

namespace {
constexpr int StartTimeoutMs = 15000;
}

QString Rgb8::hex() const {
    return u"#%1%2%3"_s.arg(r, 2, 16, QLatin1Char('0'))
        .arg(g, 2, 16, QLatin1Char('0'))
        .arg(b, 2, 16, QLatin1Char('0'));
}

XvncDesktop::~XvncDesktop() {
    stop();
}

void XvncDesktop::stop() {
    testsupport::endGroup(m_xvnc, m_group);
}

QString XvncDesktop::rfbSocket() const {
    return m_dir.filePath(u"rfb.sock"_s);
}

bool XvncDesktop::start() {
    if (!m_dir.isValid()) {
        m_error = u"cannot make a temporary directory"_s;
        return false;
    }
    // -displayfd 1: Xvnc picks a free display and writes its number on stdout once
    // clients can connect. -rfbport -1: no TCP listener, only the unix socket.
    testsupport::startsOwnGroup(m_xvnc);
    m_xvnc.start(u"Xvnc"_s, {u"-displayfd"_s, u"1"_s, u"-SecurityTypes"_s, u"None"_s, u"-rfbport"_s,
                             u"-1"_s, u"-rfbunixpath"_s, rfbSocket(), u"-geometry"_s, u"320x240"_s,
                             u"-depth"_s, u"24"_s, u"-nolisten"_s, u"tcp"_s});
    if (!m_xvnc.waitForStarted(StartTimeoutMs)) {
        m_error = u"Xvnc (Debian package tigervnc-standalone-server) did not start: "_s +
                  m_xvnc.errorString();
        return false;
    }
    m_group = m_xvnc.processId();
    const QDeadlineTimer deadline(StartTimeoutMs);
    while (!m_xvnc.canReadLine() && !deadline.hasExpired()) {
        if (!m_xvnc.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            break;
    }
    bool ok = false;
    const int number = m_xvnc.readLine().trimmed().toInt(&ok);
    if (!ok) {
        m_error = u"Xvnc named no display: "_s +
                  QString::fromLocal8Bit(m_xvnc.readAllStandardError().right(2000));
        return false;
    }
    m_display = u":%1"_s.arg(number);
    return true;
}

bool XvncDesktop::paint(Rgb8 colour) {
    QProcess xsetroot;
    xsetroot.start(u"xsetroot"_s, {u"-display"_s, m_display, u"-solid"_s, colour.hex()});
    if (!xsetroot.waitForFinished(StartTimeoutMs) ||
        xsetroot.exitStatus() != QProcess::NormalExit || xsetroot.exitCode() != 0) {
        m_error = u"xsetroot (Debian package x11-xserver-utils) failed: %1 %2"_s.arg(
            xsetroot.errorString(), QString::fromLocal8Bit(xsetroot.readAllStandardError()));
        xsetroot.kill();
        xsetroot.waitForFinished(1000);
        return false;
    }
    return true;
}
