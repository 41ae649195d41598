#include "websockifyserver.h"

#include "bmcsim/selfsignedcertificate.h"
#include "processgroup.h"

#include <QFile>
#include <QFileInfo>
#include <QSslKey>
#include <QTcpServer>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QByteArray &content) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

} // namespace

WebsockifyServer::~WebsockifyServer() {
    stop();
}

void WebsockifyServer::stop() {
    // websockify forks a handler per connection, in its group: all of them end here.
    testsupport::endGroup(m_process, m_group);
}

bool WebsockifyServer::start(const QString &rfbSocket, const QString &webRoot) {
    if (!QFileInfo(webRoot + u"/vnc.html"_s).exists()) {
        m_error = webRoot + u"/vnc.html is missing (Debian package novnc)"_s;
        return false;
    }
    auto identity = bmcsim::SelfSignedCertificate::generate({u"localhost"_s, u"127.0.0.1"_s});
    if (!identity || !m_dir.isValid()) {
        m_error = identity ? u"cannot make a temporary directory"_s : identity.error();
        return false;
    }
    const QString cert = m_dir.filePath(u"websockify.pem"_s);
    const QString key = m_dir.filePath(u"websockify.key"_s);
    if (!writeFile(cert, identity->certificate.toPem()) || !writeFile(key, identity->key.toPem())) {
        m_error = u"cannot write the certificate to "_s + m_dir.path();
        return false;
    }

    QTcpServer listener;
    if (!listener.listen(QHostAddress::LocalHost, 0)) {
        m_error = u"cannot listen on 127.0.0.1: "_s + listener.errorString();
        return false;
    }
    m_port = listener.serverPort();
    const int fd = int(listener.socketDescriptor());
    // In the child: the listening socket becomes stdin (dup2 also clears close-on-exec),
    // blocking as websockify expects of an inetd socket.
    testsupport::startsOwnGroup(m_process, [fd] {
        ::dup2(fd, STDIN_FILENO);
        ::fcntl(STDIN_FILENO, F_SETFL, ::fcntl(STDIN_FILENO, F_GETFL) & ~O_NONBLOCK);
    });
    m_process.setProcessChannelMode(qEnvironmentVariableIsSet("PMPROXY_TEST_VERBOSE")
                                        ? QProcess::ForwardedChannels
                                        : QProcess::SeparateChannels);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.start(u"websockify"_s,
                    {u"--inetd"_s, u"--web"_s, webRoot, u"--cert"_s, cert, u"--key"_s, key,
                     u"--ssl-only"_s, u"--unix-target="_s + rfbSocket});
    const bool started = m_process.waitForStarted(15000);
    listener.close(); // the child holds its own copy
    if (!started) {
        m_error =
            u"websockify (Debian package websockify) did not start: "_s + m_process.errorString();
        m_port = 0;
        return false;
    }
    m_group = m_process.processId();
    return true;
}
