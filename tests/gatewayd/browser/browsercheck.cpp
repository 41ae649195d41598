#include "browsercheck.h"

#include <QDir>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace browsercheck {

namespace {

QString fileName(const QString &name) {
    static const QRegularExpression unsafe(u"[^A-Za-z0-9_.-]+"_s);
    return QString(name).replace(unsafe, u"-"_s) + u".png"_s;
}

} // namespace

QString keepShot(testsupport::CdpBrowser &browser, const QString &name) {
    const QString dir = qEnvironmentVariable("PMPROXY_SHOTS_DIR");
    if (dir.isEmpty() || !QDir().mkpath(dir))
        return {};
    const QString path = QDir(dir).filePath(fileName(name));
    return browser.saveScreenshot(path) ? path : QString();
}

std::string describeFailure(testsupport::CdpBrowser &browser, const QString &step) {
    const QString error = browser.error();
    QString text = u"step failed: %1\n  browser: %2\n"_s.arg(step, error);
    if (browser.processId() > 0) {
        text += u"  page: %1\n"_s.arg(browser.url().toString());
        const QStringList messages = browser.pageMessages();
        for (const QString &message : messages.mid(qMax(0, int(messages.size()) - 30)))
            text += u"  | "_s + message + u'\n';
        QString dir = qEnvironmentVariable("PMPROXY_SHOTS_DIR");
        if (dir.isEmpty() || !QDir().mkpath(dir))
            dir = QDir::tempPath();
        const QString path = QDir(dir).filePath(fileName(u"failed-"_s + step));
        if (browser.saveScreenshot(path))
            text += u"  screenshot: %1\n"_s.arg(path);
    }
    return text.toStdString();
}

} // namespace browsercheck
