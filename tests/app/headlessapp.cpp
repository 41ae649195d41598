#include "headlessapp.h"

#include "apptestsupport.h"
#include "curlrun.h"
#include "gatewayfixture.h"

#include <QFile>
#include <QJsonDocument>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace apptest {

HeadlessApp::HeadlessApp(const GatewayFixture &gateway, const QJsonObject &claims) {
    QJsonObject c = claims;
    if (!c.contains(u"platform"_s))
        c.insert(u"platform"_s, u"generic"_s);
    const QString ca = m_dir.filePath(u"gateway-ca.pem"_s);
    QFile f(ca);
    if (!f.open(QIODevice::WriteOnly) || f.write(gateway.certificate().toPem()) <= 0) {
        m_error = u"cannot write the gateway's certificate"_s;
        return;
    }
    f.close();
    const QString link = u"pmproxy://gpsession?token="_s + QString::fromLatin1(gateway.mint(c));
    m_process.setProcessEnvironment(baseEnvironment(m_dir.path()));
    m_process.setStandardErrorFile(m_dir.filePath(u"pmproxy.log"_s));
    m_process.start(apptest::program(), {u"--headless"_s, u"--gateway-ca"_s, ca, link});
    if (!m_process.waitForStarted(10000)) {
        m_error = u"pmproxy did not start: "_s + m_process.errorString();
        return;
    }
    m_entry = waitForLine(m_process, u"http"_s, 30000);
    const QUrl entry(m_entry);
    if (m_entry.isEmpty() || !entry.isValid()) {
        m_error = u"pmproxy printed no URL; its log: "_s + log();
        return;
    }
    m_base = entry.toString(QUrl::RemovePath | QUrl::RemoveQuery);
}

HeadlessApp::~HeadlessApp() {
    end(m_process);
}

QStringList HeadlessApp::curlArgs() const {
    const QString jar = m_dir.filePath(u"cookies.txt"_s);
    return {u"-sS"_s, u"-b"_s, jar, u"-c"_s, jar};
}

bool HeadlessApp::enter(QString *why) {
    const testsupport::CurlResult enter =
        testsupport::runCurl(curlArgs() << u"-o"_s << u"/dev/null"_s << m_entry, {}, 30000);
    if (!enter.ok())
        *why = u"entering: "_s + enter.describe();
    return enter.ok();
}

bool HeadlessApp::login(QString *why) {
    if (!enter(why))
        return false;
    const testsupport::CurlResult login = testsupport::runCurl(
        curlArgs() << u"-H"_s << u"Content-Type: application/json"_s << u"--data-binary"_s
                   << uR"({"UserName":"root","Password":"0penBmc"})"_s << u"-w"_s
                   << u"\n%{http_code}"_s << url(u"/redfish/v1/SessionService/Sessions"_s),
        {}, 30000);
    if (!login.ok() || !login.out.endsWith("\n201")) {
        *why = u"logging in: "_s + login.describe();
        return false;
    }
    return true;
}

QString HeadlessApp::log() const {
    QFile f(m_dir.filePath(u"pmproxy.log"_s));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(3000)) : QString();
}

} // namespace apptest
