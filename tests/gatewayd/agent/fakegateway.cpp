#include "fakegateway.h"

#include "agent/agentwire.h"
#include "servertls.h"
#include "tunnel/tunnelacceptor.h"

#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace agenttest {

namespace {

// The value of header NAME (lower case) in a raw request head.
QByteArray headerValue(const QByteArray &head, const QByteArray &name) {
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

FakeGateway::FakeGateway(QString agentId, QByteArray secret, const FakeGateway *shareTlsWith,
                         QObject *parent)
    : QObject(parent)
    , m_agentId(std::move(agentId))
    , m_secret(std::move(secret)) {
    if (shareTlsWith) {
        m_certificate = shareTlsWith->m_certificate;
        m_tls = shareTlsWith->m_tls;
    } else {
        m_tls = testsupport::selfSignedServerTls(&m_certificate);
    }
    if (m_tls.isNull())
        return;
    m_server.setSslConfiguration(m_tls);
    makeAcceptor();
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (auto *socket = qobject_cast<QSslSocket *>(m_server.nextPendingConnection()))
            accept(socket);
    });
    m_server.listen(QHostAddress::LocalHost, 0);
}

FakeGateway::~FakeGateway() {
    delete m_acceptor;
}

void FakeGateway::makeAcceptor() {
    pc::TunnelOptions options;
    options.software = u"fakegateway"_s;
    m_acceptor = new pc::TunnelAcceptor(options, this);
    connect(m_acceptor, &pc::TunnelAcceptor::sessionStarted, this,
            [this](pc::TunnelSession *session) {
                ++m_started;
                m_session = session;
            });
    connect(m_acceptor, &pc::TunnelAcceptor::sessionResumed, this,
            [this](pc::TunnelSession *) { ++m_resumed; });
}

bool FakeGateway::attached() const {
    const pc::TunnelSession *session = m_session.data();
    return session && session->state() == pc::TunnelSession::State::Attached;
}

void FakeGateway::accept(QSslSocket *socket) {
    auto *context = new QObject(socket);
    auto head = std::make_shared<QByteArray>();
    connect(socket, &QIODevice::readyRead, context, [this, socket, context, head] {
        *head += socket->readAll();
        if (!head->contains("\r\n\r\n"))
            return;
        const QByteArray bytes = *head;
        delete context; // our slots leave the socket, as gatewayd's listener does
        admit(socket, bytes);
    });
}

void FakeGateway::admit(QSslSocket *socket, const QByteArray &head) {
    Upgrade upgrade;
    upgrade.proof = pc::AgentProof::parse(headerValue(head, "authorization"));
    upgrade.verified = upgrade.proof && upgrade.proof->id == m_agentId &&
                       upgrade.proof->verify(m_secret, u"127.0.0.1"_s);
    upgrade.publish = headerValue(head, "pm-agent-publish");
    m_upgrades.append(upgrade);
    const bool welcome =
        upgrade.verified && head.startsWith(QByteArray("GET ") + pc::agentwire::kPath + ' ');
    if (!welcome || refuseNext > 0) {
        if (welcome)
            --refuseNext;
        socket->write(
            "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }
    m_sockets.append(socket);
    m_acceptor->adoptUpgrade(socket, head, m_agentId);
}

void FakeGateway::cutConnections() {
    for (const QPointer<QSslSocket> &socket : std::as_const(m_sockets)) {
        if (socket)
            socket->abort();
    }
    m_sockets.clear();
}

void FakeGateway::forgetSessions() {
    delete m_acceptor; // with it its sessions and their connections
    m_sockets.clear();
    makeAcceptor();
}

pc::TunnelStream *FakeGateway::openConnect(const QByteArray &target, const QByteArray &tls,
                                           int timeoutMs) {
    pc::TunnelSession *session = m_session.data();
    if (!session)
        return nullptr;
    pc::HttpRequestHead head;
    head.method = pc::agentwire::kConnectMethod;
    head.target = target;
    if (!tls.isEmpty())
        head.headers.append(pc::agentwire::kTlsHeader, tls);
    head.headers.append(pc::agentwire::kTimeoutHeader, QByteArray::number(timeoutMs));
    return session->openStream(pc::TunnelStreamKind::Http, head);
}

bool answered(const pc::TunnelStream *stream) {
    return stream && (stream->hasResponse() || stream->error());
}

int statusOf(const pc::TunnelStream *stream) {
    return stream && stream->hasResponse() ? stream->responseHead().status : 0;
}

QByteArray errorOf(const pc::TunnelStream *stream) {
    return stream && stream->hasResponse()
               ? stream->responseHead().headers.value(pc::agentwire::kErrorHeader)
               : QByteArray();
}

QByteArray detailOf(const pc::TunnelStream *stream) {
    return stream && stream->hasResponse()
               ? stream->responseHead().headers.value(pc::agentwire::kDetailHeader)
               : QByteArray();
}

} // namespace agenttest
