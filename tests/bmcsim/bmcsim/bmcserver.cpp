#include "bmcsim/bmcserver.h"

#include "bmcsim/httpconnection.h"
#include "bmcsim/logging.h"
#include "bmcsim/personality.h"
#include "bmcsim/selfsignedcertificate.h"
#include "bmcsim/simcontext.h"

#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace bmcsim {

BmcServer::BmcServer(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_log(new CheckLog(this))
    , m_server(new QSslServer(this)) {
    const PlatformRules &rules = rulesFor(m_options.platform);
    if (m_options.user.isEmpty())
        m_options.user = rules.defaultUser;
    if (m_options.password.isEmpty())
        m_options.password = rules.defaultPassword;
    connect(m_server, &QSslServer::pendingConnectionAvailable, this,
            &BmcServer::onPendingConnection);
    connect(m_server, &QSslServer::errorOccurred, this,
            [](QSslSocket *, QAbstractSocket::SocketError error) {
                qCDebug(lcBmcsim) << "TLS connection failed:" << error;
            });
}

BmcServer::~BmcServer() {
    // Connections and consoles use the personality and the check log: end them first.
    const QObjectList children = this->children();
    for (QObject *child : children) {
        if (child != m_log)
            delete child;
    }
}

pc::Expected<quint16, QString> BmcServer::listen() {
    if (!m_server->listen(m_options.address, m_options.port))
        return pc::unexpected(u"cannot listen on %1:%2: %3"_s.arg(m_options.address.toString(),
                                                                  QString::number(m_options.port),
                                                                  m_server->errorString()));

    BmcAddress own = BmcAddress::fromListen(m_options.address, m_server->serverPort());
    if (!m_options.advertise.isEmpty()) {
        const auto advertised = BmcAddress::parse(m_options.advertise);
        if (!advertised)
            return pc::unexpected(u"bad --advertise address '%1'"_s.arg(m_options.advertise));
        own = *advertised;
    }
    if (m_options.certificate.isNull() || m_options.key.isNull()) {
        QStringList hosts{own.host(), u"localhost"_s, u"127.0.0.1"_s, u"::1"_s};
        hosts.removeDuplicates();
        auto generated = SelfSignedCertificate::generate(hosts);
        if (!generated)
            return pc::unexpected(generated.error());
        m_options.certificate = generated->certificate;
        m_options.key = generated->key;
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(m_options.certificate);
    tls.setPrivateKey(m_options.key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_server->setSslConfiguration(tls);

    m_context = std::make_unique<SimContext>(rulesFor(m_options.platform), own, m_options.user,
                                             m_options.password, m_log);
    m_personality = Personality::create(*m_context);
    qCInfo(lcBmcsim).noquote() << "emulating" << platformName(m_options.platform) << "at"
                               << own.origin() << "listening on port" << port()
                               << (m_options.compress ? "(compressing responses)" : "");
    return port();
}

quint16 BmcServer::port() const {
    return m_server->serverPort();
}

BmcAddress BmcServer::address() const {
    return m_context ? m_context->address : BmcAddress();
}

QString BmcServer::user() const {
    return m_options.user;
}

QString BmcServer::password() const {
    return m_options.password;
}

void BmcServer::onPendingConnection() {
    while (m_server->hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(m_server->nextPendingConnection());
        if (!socket)
            continue;
        // Like the proxies in front of it: a console's small messages (input echoes) go out
        // at once instead of waiting for the ACK of a frame (Nagle), so round trips measured
        // through gatewayd and the app's tunnel are theirs, not the emulator's
        // (tests/bench/README.md).
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new HttpConnection(socket, *m_personality, m_log, m_options.compress, this);
    }
}

} // namespace bmcsim
