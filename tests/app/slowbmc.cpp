#include "slowbmc.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace apptest {

SlowBmc::SlowBmc(qint64 bytesPerSecond) {
    const QString cert = m_dir.filePath(u"cert.pem"_s);
    const QString key = m_dir.filePath(u"key.pem"_s);
    QProcess openssl;
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                   u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-keyout"_s, key, u"-out"_s,
                   cert, u"-subj"_s, u"/CN=127.0.0.1"_s, u"-days"_s, u"1"_s});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
        m_error = u"openssl could not make a certificate: "_s +
                  QString::fromUtf8(openssl.readAllStandardError());
        return;
    }
    const QString script = QDir(QStringLiteral(PMPROXY_TEST_DATA_DIR)).filePath(u"slowbmc.py"_s);
    m_process.setStandardErrorFile(m_dir.filePath(u"slowbmc.log"_s));
    m_process.start(u"python3"_s, {script, cert, key, QString::number(bytesPerSecond)});
    if (!m_process.waitForStarted(10000)) {
        m_error = u"python3 did not start: "_s + m_process.errorString();
        return;
    }
    while (!m_process.canReadLine() && m_process.waitForReadyRead(30000)) {
    }
    bool ok = false;
    const quint16 port = QString::fromLatin1(m_process.readLine()).trimmed().toUShort(&ok);
    if (!ok || port == 0) {
        m_error = u"slowbmc.py printed no port"_s;
        return;
    }
    m_port = port;
}

SlowBmc::~SlowBmc() {
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

} // namespace apptest
