#include "cdpbrowser.h"

#include "processgroup.h"
#include "waitfor.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSslKey>

using namespace Qt::StringLiterals;

namespace testsupport {

namespace {

// A JavaScript string literal for TEXT.
QString jsString(const QString &text) {
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

} // namespace

QString spkiHash(const QSslCertificate &certificate) {
    // QSslKey::toDer() of a public key is its SubjectPublicKeyInfo.
    return QString::fromLatin1(
        QCryptographicHash::hash(certificate.publicKey().toDer(), QCryptographicHash::Sha256)
            .toBase64());
}

CdpBrowser::CdpBrowser() = default;

CdpBrowser::~CdpBrowser() {
    quit();
}

qint64 CdpBrowser::processId() const {
    return m_group;
}

bool CdpBrowser::start(const Options &options) {
    m_error.clear();
    if (!m_profile.isValid()) {
        m_error = u"cannot make a temporary profile directory"_s;
        return false;
    }
    if (!launch(options) || !newPage()) {
        const QString why = m_error;
        quit();
        m_error = why;
        return false;
    }
    return true;
}

bool CdpBrowser::launch(const Options &options) {
    // PMPROXY_CHROMIUM replaces the default browser, never one a test chose on purpose.
    const QString program =
        qEnvironmentVariableIsSet("PMPROXY_CHROMIUM") && options.program == Options().program
            ? qEnvironmentVariable("PMPROXY_CHROMIUM")
            : options.program;
    if (!QFileInfo(program).isExecutable()) {
        m_error = u"%1 is missing (Debian package chromium)"_s.arg(program);
        return false;
    }
    QStringList spki;
    for (const QSslCertificate &certificate : options.trusted)
        spki << spkiHash(certificate);
    QStringList args{
        u"--headless=new"_s,
        u"--no-sandbox"_s,
        u"--disable-gpu"_s,
        u"--remote-debugging-port=0"_s,
        u"--user-data-dir="_s + m_profile.path(),
        u"--window-size=%1,%2"_s.arg(options.window.width()).arg(options.window.height()),
        u"--no-first-run"_s,
        u"--no-default-browser-check"_s,
        u"--disable-background-networking"_s,
        u"--disable-component-update"_s,
        u"--disable-sync"_s,
        u"--disable-extensions"_s,
        u"--password-store=basic"_s,
        u"--use-mock-keychain"_s};
    if (!spki.isEmpty())
        args << u"--ignore-certificate-errors-spki-list="_s + spki.join(u',');
    args << u"about:blank"_s;

    // Its own process group (and session): quit() ends the browser and every helper
    // it started with one signal, even if the browser itself hangs.
    startsOwnGroup(m_process);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.start(program, args);
    if (!m_process.waitForStarted(options.startTimeoutMs)) {
        m_error = u"%1 did not start: %2"_s.arg(program, m_process.errorString());
        return false;
    }
    m_group = m_process.processId();

    // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr.
    static const QRegularExpression listening(u"DevTools listening on (ws://\\S+)"_s);
    QByteArray stderrText;
    QUrl endpoint;
    waitFor(
        [&] {
            stderrText += m_process.readAllStandardError();
            const auto match = listening.match(QString::fromUtf8(stderrText));
            if (match.hasMatch())
                endpoint = QUrl(match.captured(1));
            return endpoint.isValid() || m_process.state() == QProcess::NotRunning;
        },
        options.startTimeoutMs);
    // Keep reading its log so the pipe never fills; nothing else needs it.
    QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                     [this] { m_process.readAllStandardError(); });
    if (!endpoint.isValid()) {
        m_error = u"%1 gave no DevTools endpoint (%2): %3"_s.arg(
            program,
            m_process.state() == QProcess::NotRunning
                ? u"it exited with code %1"_s.arg(m_process.exitCode())
                : u"timeout"_s,
            QString::fromUtf8(stderrText.right(2000)));
        return false;
    }
    return m_cdp.open(endpoint, options.startTimeoutMs, &m_error);
}

bool CdpBrowser::newPage() {
    m_error.clear();
    if (!m_contextId.isEmpty()) {
        m_cdp.call(u"Target.disposeBrowserContext"_s, {{u"browserContextId"_s, m_contextId}}, {},
                   15000, &m_error);
        m_contextId.clear();
        m_sessionId.clear();
        m_tabs.clear();
        m_targets.clear();
        if (!m_error.isEmpty())
            return false;
    }
    m_contextId = m_cdp.call(u"Target.createBrowserContext"_s, {}, {}, 15000, &m_error)
                      .value(u"browserContextId"_s)
                      .toString();
    if (!m_error.isEmpty())
        return false;
    return newTab() == 0;
}

int CdpBrowser::newTab() {
    m_error.clear();
    if (m_contextId.isEmpty()) {
        m_error = u"no browser context (start() first)"_s;
        return -1;
    }
    const QJsonObject target = m_cdp.call(
        u"Target.createTarget"_s,
        {{u"url"_s, u"about:blank"_s}, {u"browserContextId"_s, m_contextId}}, {}, 15000, &m_error);
    if (!m_error.isEmpty() || !attachPage(target.value(u"targetId"_s).toString()))
        return -1;
    return int(m_tabs.size()) - 1;
}

bool CdpBrowser::attachPage(const QString &targetId) {
    const QJsonObject attached =
        m_cdp.call(u"Target.attachToTarget"_s, {{u"targetId"_s, targetId}, {u"flatten"_s, true}},
                   {}, 15000, &m_error);
    if (!m_error.isEmpty())
        return false;
    m_sessionId = attached.value(u"sessionId"_s).toString();
    m_tabs << m_sessionId;
    m_targets << targetId;
    for (const QString &domain : {u"Page"_s, u"Runtime"_s, u"Log"_s}) {
        m_cdp.call(domain + u".enable"_s, {}, m_sessionId, 15000, &m_error);
        if (!m_error.isEmpty())
            return false;
    }
    return true;
}

bool CdpBrowser::selectTab(int index) {
    m_error.clear();
    if (index < 0 || index >= m_tabs.size()) {
        m_error = u"no tab %1 (%2 open)"_s.arg(index).arg(m_tabs.size());
        return false;
    }
    m_sessionId = m_tabs.at(index);
    m_cdp.call(u"Target.activateTarget"_s, {{u"targetId"_s, m_targets.at(index)}}, {}, 15000,
               &m_error);
    return m_error.isEmpty();
}

QJsonArray CdpBrowser::cookies() {
    m_error.clear();
    const QJsonObject result = m_cdp.call(
        u"Storage.getCookies"_s, {{u"browserContextId"_s, m_contextId}}, {}, 15000, &m_error);
    return result.value(u"cookies"_s).toArray();
}

QJsonObject CdpBrowser::page(const QString &method, const QJsonObject &params, int timeoutMs) {
    return m_cdp.call(method, params, m_sessionId, timeoutMs, &m_error);
}

bool CdpBrowser::navigate(const QUrl &url, int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    const quint64 mark = m_cdp.eventMark();
    const QJsonObject result = page(u"Page.navigate"_s, {{u"url"_s, url.toString()}}, timeoutMs);
    if (!m_error.isEmpty())
        return false;
    if (const QString failed = result.value(u"errorText"_s).toString(); !failed.isEmpty()) {
        m_error = u"navigating to %1: %2"_s.arg(url.toString(), failed);
        return false;
    }
    const auto loaded = m_cdp.waitForEvent(
        [this](const CdpEvent &e) {
            return e.sessionId == m_sessionId && e.method == u"Page.loadEventFired"_s;
        },
        int(qMax<qint64>(1, deadline.remainingTime())), mark);
    if (!loaded)
        m_error = u"%1 did not finish loading in %2 ms"_s.arg(url.toString()).arg(timeoutMs);
    return loaded.has_value();
}

QJsonValue CdpBrowser::evaluate(const QString &expression, int timeoutMs) {
    const QJsonObject result = page(u"Runtime.evaluate"_s,
                                    {{u"expression"_s, expression},
                                     {u"returnByValue"_s, true},
                                     {u"awaitPromise"_s, true},
                                     {u"userGesture"_s, true}},
                                    timeoutMs + 2000);
    if (!m_error.isEmpty())
        return QJsonValue::Undefined;
    if (result.contains(u"exceptionDetails"_s)) {
        const QJsonObject details = result.value(u"exceptionDetails"_s).toObject();
        const QString description =
            details.value(u"exception"_s).toObject().value(u"description"_s).toString();
        m_error = description.isEmpty() ? details.value(u"text"_s).toString() : description;
        return QJsonValue::Undefined;
    }
    const QJsonObject value = result.value(u"result"_s).toObject();
    return value.contains(u"value"_s) ? value.value(u"value"_s) : QJsonValue::Undefined;
}

bool CdpBrowser::waitUntil(const QString &condition, int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    QString last;
    while (!deadline.hasExpired()) {
        const qint64 remaining = qMax<qint64>(1, deadline.remainingTime());
        // Checked in the page every 25 ms until true or the time is up; resolves to true,
        // or to why not (the condition's last exception, or its last falsy value).
        const QString script = uR"JS(new Promise((resolve) => {
  const until = Date.now() + %1;
  let why = "false";
  const check = () => {
    try { const v = (%2); if (v) { resolve(true); return; } why = String(v); }
    catch (e) { why = String(e); }
    if (Date.now() >= until) resolve(why); else setTimeout(check, 25);
  };
  check();
}))JS"_s.arg(remaining)
                                   .arg(condition);
        const quint64 mark = m_cdp.eventMark();
        const QJsonValue value = evaluate(script, int(remaining));
        if (value == QJsonValue(true)) {
            m_error.clear();
            return true;
        }
        if (value.isString()) {
            last = value.toString();
            break;
        }
        // The document went away under the check (a navigation): check again in the
        // next one, once its context exists (or after a short while at the latest).
        last = m_error;
        if (!m_cdp.isOpen())
            break;
        m_cdp.waitForEvent(
            [](const CdpEvent &e) { return e.method == u"Runtime.executionContextCreated"_s; },
            int(qMin<qint64>(100, qMax<qint64>(1, deadline.remainingTime()))), mark);
    }
    m_error = u"not true within %1 ms: %2 (last: %3)"_s.arg(timeoutMs).arg(condition, last);
    return false;
}

QUrl CdpBrowser::url() {
    return QUrl(evaluate(u"location.href"_s).toString());
}

bool CdpBrowser::dispatchMouseClick(double x, double y) {
    for (const QString &type : {u"mouseMoved"_s, u"mousePressed"_s, u"mouseReleased"_s}) {
        QJsonObject params{{u"type"_s, type}, {u"x"_s, x}, {u"y"_s, y}};
        if (type != u"mouseMoved"_s) {
            params.insert(u"button"_s, u"left"_s);
            params.insert(u"clickCount"_s, 1);
        }
        page(u"Input.dispatchMouseEvent"_s, params);
        if (!m_error.isEmpty())
            return false;
    }
    return true;
}

bool CdpBrowser::click(const QString &selector) {
    const QJsonValue centre = evaluate(uR"JS((() => {
  const e = document.querySelector(%1);
  if (!e) return null;
  e.scrollIntoView({block: "center", inline: "center"});
  const r = e.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
})())JS"_s.arg(jsString(selector)));
    if (!centre.isArray()) {
        if (m_error.isEmpty())
            m_error = u"nothing to click at %1"_s.arg(selector);
        return false;
    }
    return dispatchMouseClick(centre.toArray().at(0).toDouble(), centre.toArray().at(1).toDouble());
}

bool CdpBrowser::typeText(const QString &selector, const QString &text) {
    if (!click(selector))
        return false;
    page(u"Input.insertText"_s, {{u"text"_s, text}});
    return m_error.isEmpty();
}

bool CdpBrowser::pressKey(const QString &key) {
    // Enough of the key description for printable characters and Enter.
    QJsonObject description{{u"key"_s, key}};
    if (key == u"Enter"_s) {
        description.insert(u"code"_s, u"Enter"_s);
        description.insert(u"windowsVirtualKeyCode"_s, 13);
        description.insert(u"text"_s, u"\r"_s);
    } else if (key.size() == 1) {
        description.insert(u"text"_s, key);
        if (key.at(0).isLetter())
            description.insert(u"code"_s, u"Key"_s + key.toUpper());
        description.insert(u"windowsVirtualKeyCode"_s, int(key.toUpper().at(0).unicode()));
    }
    for (const QString &type : {u"keyDown"_s, u"keyUp"_s}) {
        QJsonObject params = description;
        params.insert(u"type"_s, type);
        if (type == u"keyUp"_s)
            params.remove(u"text"_s);
        page(u"Input.dispatchKeyEvent"_s, params);
        if (!m_error.isEmpty())
            return false;
    }
    return true;
}

QByteArray CdpBrowser::screenshotPng() {
    const QJsonObject shot = page(u"Page.captureScreenshot"_s, {{u"format"_s, u"png"_s}});
    return QByteArray::fromBase64(shot.value(u"data"_s).toString().toLatin1());
}

bool CdpBrowser::saveScreenshot(const QString &path) {
    const QByteArray png = screenshotPng();
    QFile file(path);
    return !png.isEmpty() && file.open(QIODevice::WriteOnly) && file.write(png) == png.size();
}

QStringList CdpBrowser::pageMessages() const {
    QStringList messages;
    for (const CdpEvent &e : m_cdp.events()) {
        if (e.sessionId != m_sessionId)
            continue;
        if (e.method == u"Runtime.consoleAPICalled"_s) {
            QStringList parts;
            for (const QJsonValue &arg : e.params.value(u"args"_s).toArray()) {
                const QJsonObject o = arg.toObject();
                parts << (o.contains(u"value"_s) ? o.value(u"value"_s).toVariant().toString()
                                                 : o.value(u"description"_s).toString());
            }
            messages << u"console.%1: %2"_s.arg(e.params.value(u"type"_s).toString(),
                                                parts.join(u' '));
        } else if (e.method == u"Runtime.exceptionThrown"_s) {
            const QJsonObject details = e.params.value(u"exceptionDetails"_s).toObject();
            const QString description =
                details.value(u"exception"_s).toObject().value(u"description"_s).toString();
            messages << u"exception: "_s + (description.isEmpty()
                                                ? details.value(u"text"_s).toString()
                                                : description);
        } else if (e.method == u"Log.entryAdded"_s) {
            const QJsonObject entry = e.params.value(u"entry"_s).toObject();
            messages << u"log.%1: %2 %3"_s.arg(entry.value(u"level"_s).toString(),
                                               entry.value(u"text"_s).toString(),
                                               entry.value(u"url"_s).toString());
        }
    }
    return messages;
}

void CdpBrowser::quit() {
    if (m_cdp.isOpen()) {
        QString ignored; // the browser may close before it answers
        m_cdp.call(u"Browser.close"_s, {}, {}, 3000, &ignored);
        m_cdp.close();
        // Let it end its helpers and reap them itself (else they linger as zombies
        // until init collects them).
        m_process.waitForFinished(5000);
    }
    m_contextId.clear();
    m_sessionId.clear();
    m_tabs.clear();
    m_targets.clear();
    // After Browser.close the browser ends its helpers itself; whatever is left goes.
    endGroup(m_process, m_group, 5000);
    m_profile.remove();
}

} // namespace testsupport
