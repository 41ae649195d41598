#pragma once

// A headless Chromium page (QtWebEngine) driven from a test: load, run JavaScript,
// wait for a condition in the page. Accepts the emulated BMC's self-signed certificate
// as a technician clicking through the warning would.

#include <QObject>
#include <QString>
#include <QUrl>
#include <QVariant>

class QWebEnginePage;

namespace bmcsim::test {

class BrowserPage {
public:
    BrowserPage();
    ~BrowserPage();

    bool load(const QUrl &url);
    // The value of a JavaScript expression (an invalid QVariant after a timeout).
    QVariant eval(const QString &script);
    // Waits until `condition` (a JavaScript expression) is true, checking it again and
    // again while the page runs.
    bool waitUntil(const QString &condition, int timeoutMs = 15000);
    QUrl url() const;

private:
    QWebEnginePage *m_page;
};

} // namespace bmcsim::test
