#include "upstream/upstreamconnector.h"

#include "upstream/upstreamlog.h"
#include "util/lowdelay.h"

#include <QSslConfiguration>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace pc {

UpstreamConnector *UpstreamConnector::start(const UpstreamTarget &target, int timeoutMs,
                                            QObject *parent) {
    auto *connector = new UpstreamConnector(target, timeoutMs, parent);
    // Start from the event loop so callers can connect to the signals first.
    QMetaObject::invokeMethod(connector, &UpstreamConnector::begin, Qt::QueuedConnection);
    return connector;
}

UpstreamConnector::UpstreamConnector(const UpstreamTarget &target, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_target(target) {
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(timeoutMs);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        fail(UpstreamError::Kind::Timeout,
             u"no connection within %1 ms"_s.arg(m_deadline.interval()));
    });
}

void UpstreamConnector::cancel() {
    if (m_done)
        return;
    m_done = true;
    if (m_socket)
        m_socket->abort();
    deleteLater();
}

void UpstreamConnector::begin() {
    if (m_done)
        return;
    m_socket = new QSslSocket(this);
    QSslConfiguration config = m_socket->sslConfiguration();
    // None and Pinned do not use the CA store: the certificate is only requested, and
    // Pinned compares its fingerprint once the handshake is done (before any byte is sent).
    config.setPeerVerifyMode(m_target.tls.mode == UpstreamTls::Mode::SystemTrust
                                 ? QSslSocket::VerifyPeer
                                 : QSslSocket::QueryPeer);
    if (m_target.tls.mode != UpstreamTls::Mode::SystemTrust) {
        // No CA store either: Qt builds a TLS context per socket and would decode every
        // system CA certificate into it, for a check that is not made (most of the CPU
        // of a new BMC connection).
        config.setCaCertificates({});
    }
    m_socket->setSslConfiguration(config);
    if (m_target.tls.mode == UpstreamTls::Mode::SystemTrust)
        m_socket->setPeerVerifyName(m_target.hostName);

    const bool plain = m_target.plain;
    // No Nagle toward the BMC, from the TLS handshake on (see lowdelay.h).
    connect(m_socket, &QAbstractSocket::connected, this, [this, plain] {
        setLowDelay(m_socket);
        if (plain)
            succeed();
    });
    connect(m_socket, &QSslSocket::encrypted, this, &UpstreamConnector::onEncrypted);
    connect(m_socket, &QAbstractSocket::errorOccurred, this,
            [this](QAbstractSocket::SocketError error) {
                switch (error) {
                case QAbstractSocket::SslHandshakeFailedError:
                case QAbstractSocket::SslInternalError:
                case QAbstractSocket::SslInvalidUserDataError:
                    fail(UpstreamError::Kind::Tls,
                         u"TLS handshake failed: %1"_s.arg(m_socket->errorString()));
                    break;
                case QAbstractSocket::RemoteHostClosedError:
                    fail(UpstreamError::Kind::Closed, u"the BMC closed the connection"_s);
                    break;
                case QAbstractSocket::SocketTimeoutError:
                    fail(UpstreamError::Kind::Timeout, m_socket->errorString());
                    break;
                default:
                    fail(UpstreamError::Kind::Refused, m_socket->errorString());
                    break;
                }
            });
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        // Without SystemTrust the CA chain is not what decides (see begin()).
        if (m_target.tls.mode != UpstreamTls::Mode::SystemTrust) {
            m_socket->ignoreSslErrors();
            return;
        }
        if (!errors.isEmpty())
            fail(UpstreamError::Kind::Tls,
                 u"certificate not trusted: %1"_s.arg(errors.constFirst().errorString()));
    });
    m_deadline.start();
    if (plain)
        m_socket->connectToHost(m_target.address, m_target.port);
    else
        m_socket->connectToHostEncrypted(m_target.address.toString(), m_target.port,
                                         m_target.hostName);
}

void UpstreamConnector::onEncrypted() {
    if (m_done)
        return;
    if (m_target.tls.mode == UpstreamTls::Mode::Pinned) {
        const QByteArray actual = m_socket->peerCertificate().digest(QCryptographicHash::Sha256);
        if (actual != m_target.tls.sha256) {
            fail(UpstreamError::Kind::Tls,
                 u"certificate fingerprint %1 does not match the configured pin"_s.arg(
                     QString::fromLatin1(actual.toHex(':'))));
            return;
        }
    }
    succeed();
}

void UpstreamConnector::succeed() {
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    QSslSocket *socket = m_socket;
    socket->disconnect(this);
    socket->setParent(nullptr);
    qCDebug(lcUpstream) << "connected to" << m_target.authority();
    Q_EMIT ready(socket);
    deleteLater();
}

void UpstreamConnector::fail(UpstreamError::Kind kind, const QString &message) {
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    UpstreamError error{kind, m_target.authority(), message};
    qCInfo(lcUpstream) << "upstream" << error.address << error.kindName() << message;
    Q_EMIT failed(error);
    deleteLater();
}

} // namespace pc
