#pragma once

// The system's Chromium (Debian package `chromium`), headless, driven from a test over
// the Chrome DevTools Protocol: navigate, run JavaScript, wait for a condition in the
// page, type and click as a user would, take a screenshot. It trusts only the
// certificates it is given (by their public key's SHA-256, as
// --ignore-certificate-errors-spki-list does), not every certificate.
//
// Chromium runs in its own process group with a temporary profile; quit() (and the
// destructor) end the whole group and remove the profile, so no browser process
// outlives the test.

#include "cdpconnection.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QProcess>
#include <QSize>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace testsupport {

class CdpBrowser {
public:
    struct Options {
        QList<QSslCertificate> trusted; // e.g. the gateway's self-signed certificate
        QSize window{1024, 768};
        int startTimeoutMs = 30000;
        // The browser program; PMPROXY_CHROMIUM overrides the default.
        QString program = QStringLiteral("/usr/bin/chromium");
    };

    CdpBrowser();
    ~CdpBrowser();
    CdpBrowser(const CdpBrowser &) = delete;
    CdpBrowser &operator=(const CdpBrowser &) = delete;

    // Starts Chromium and opens a blank page; false with error() saying why (the
    // program missing, it exiting, no DevTools endpoint in time).
    bool start(const Options &options);
    bool start() { return start(Options{}); }
    QString error() const { return m_error; }
    qint64 processId() const;

    // Replaces the page by a new one in a fresh browser context (its own cookies and
    // storage, like a new private window); start() opens the first.
    bool newPage();
    // Opens another tab in the same browser context (one profile: shared cookie jar and
    // storage per origin, as two tabs of one window) and makes it the current page;
    // returns its index (the first page is 0), or -1 with error().
    int newTab();
    // Makes tab INDEX the current page (navigate, evaluate, input, ... act on it) and
    // brings it to the front.
    bool selectTab(int index);
    int currentTab() const { return int(m_tabs.indexOf(m_sessionId)); }
    // Every cookie of the browser context (Network.Cookie objects: name, value, domain
    // (a leading dot for a Domain cookie, the bare host for a host-only one), path,
    // secure, httpOnly, sameSite, ...); empty with error() when it cannot be read.
    QJsonArray cookies();

    // Opens URL in the page and waits until its load event (after any redirects).
    bool navigate(const QUrl &url, int timeoutMs = 15000);
    // The value of a JavaScript expression (promises are awaited); an undefined value
    // with error() set when it throws or the page went away.
    QJsonValue evaluate(const QString &expression, int timeoutMs = 15000);
    // Waits until CONDITION (a JavaScript expression) is truthy. It is checked inside
    // the page on every animation frame/timer tick, and again in each new document
    // when the page navigates meanwhile.
    bool waitUntil(const QString &condition, int timeoutMs = 15000);
    QUrl url();

    // Real input events (trusted by the page, unlike events made in JavaScript).
    bool click(const QString &selector);
    bool typeText(const QString &selector, const QString &text);
    bool pressKey(const QString &key);

    QByteArray screenshotPng();
    // Writes a screenshot to PATH (for a failing test's diagnostics or a human).
    bool saveScreenshot(const QString &path);
    // What the page logged to its console and the exceptions it threw, newest last.
    QStringList pageMessages() const;

    // Closes the browser; ends its whole process group and removes the profile.
    void quit();

private:
    bool launch(const Options &options);
    QJsonObject page(const QString &method, const QJsonObject &params = {}, int timeoutMs = 15000);
    bool dispatchMouseClick(double x, double y);
    bool attachPage(const QString &targetId);

    QTemporaryDir m_profile;
    QProcess m_process;
    qint64 m_group = 0;
    CdpConnection m_cdp;
    QString m_contextId;
    QString m_sessionId;   // the current tab's
    QStringList m_tabs;    // every tab's session id, in opening order
    QStringList m_targets; // and its target id
    QString m_error;
};

// The argument of --ignore-certificate-errors-spki-list for CERTIFICATE: base64 of the
// SHA-256 of its SubjectPublicKeyInfo.
QString spkiHash(const QSslCertificate &certificate);

} // namespace testsupport
