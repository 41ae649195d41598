#include "agent/agentstreamhandler.h"

#include "agent/agentlog.h"
#include "agent/agentoptions.h"
#include "agent/agentwire.h"
#include "config/ipliteral.h"
#include "relay/byterelay.h"
#include "tunnel/tunnelstream.h"
#include "upstream/upstreamconnector.h"

#include <QHostInfo>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace gw {

AgentStreamHandler::AgentStreamHandler(pc::TunnelStream *stream,
                                       std::shared_ptr<const AgentOptions> options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_stream(stream) {
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        refuse({504, "bmc_timeout",
                u"no connection to %1 within %2 ms"_s.arg(what()).arg(m_request.timeoutMs)});
    });
    m_linger.setSingleShot(true);
    connect(&m_linger, &QTimer::timeout, this, [this] {
        if (m_stream)
            m_stream->cancel(pc::TunnelErrorCode::Cancelled);
        if (m_socket)
            m_socket->abort();
        deleteLater();
    });
    connect(stream, &pc::TunnelStream::finished, this, [this] {
        if (!m_answered) { // reset by the gateway (or the session ended) while connecting
            m_answered = true;
            m_deadline.stop();
            if (m_connector)
                m_connector->cancel();
            beginEnd();
        }
        maybeDone();
    });
    connect(stream, &QObject::destroyed, this, [this] { // its session was deleted
        m_answered = true;
        m_deadline.stop();
        if (m_connector)
            m_connector->cancel();
        if (m_socket)
            m_socket->abort();
        beginEnd();
        maybeDone();
    });
    QMetaObject::invokeMethod(this, &AgentStreamHandler::start, Qt::QueuedConnection);
}

AgentStreamHandler::~AgentStreamHandler() {
    if (m_connector)
        m_connector->cancel();
    if (pc::TunnelStream *stream = m_stream.data()) {
        stream->disconnect(this);
        delete stream; // resets it if it is not over yet
    }
}

QString AgentStreamHandler::what() const {
    return QString::fromLatin1(pc::agentwire::connectTarget(m_request.host, m_request.port));
}

void AgentStreamHandler::start() {
    if (m_answered || !m_stream)
        return;
    auto request = AgentConnectRequest::parse(m_stream->requestHead(), *m_options);
    if (!request) {
        refuse(request.error());
        return;
    }
    m_request = *request;
    m_deadline.start(m_request.timeoutMs);
    if (const auto literal = IpLiteral::parse(m_request.host)) {
        checkAndConnect({*literal});
        return;
    }
    // Resolved once here: the address checked is the address connected to.
    QHostInfo::lookupHost(m_request.host, this, &AgentStreamHandler::resolved);
}

void AgentStreamHandler::resolved(const QHostInfo &info) {
    if (m_answered)
        return;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        refuse({502, "bmc_unreachable",
                u"cannot resolve %1: %2"_s.arg(m_request.host, info.errorString())});
        return;
    }
    checkAndConnect(info.addresses());
}

void AgentStreamHandler::checkAndConnect(const QList<QHostAddress> &addresses) {
    // The published service was named by the operator on the command line (--publish):
    // it is reachable whatever --allow says. Every other target must be inside --allow,
    // every address of a name included (a name that also points elsewhere is refused).
    if (!m_request.published) {
        for (const QHostAddress &address : addresses) {
            if (!m_options->allows(address)) {
                const QString where =
                    IpLiteral::parse(m_request.host)
                        ? address.toString()
                        : m_request.host + u" resolves to "_s + address.toString();
                refuse(
                    {403, "agent_refused", where + u", which is outside this agent's --allow"_s});
                return;
            }
        }
    }
    pc::UpstreamTarget target;
    target.address = addresses.constFirst();
    target.hostName = m_request.host;
    target.port = m_request.port;
    target.tls = m_request.tls;
    target.plain = m_request.plain;
    const int left = int(qMax<qint64>(1, m_deadline.remainingTime()));
    m_connector = pc::UpstreamConnector::start(target, left, this);
    connect(m_connector, &pc::UpstreamConnector::ready, this, &AgentStreamHandler::connected);
    connect(m_connector, &pc::UpstreamConnector::failed, this, &AgentStreamHandler::connectFailed);
}

void AgentStreamHandler::connected(QSslSocket *socket) {
    socket->setParent(this);
    m_socket = socket;
    if (m_answered || !m_stream) {
        socket->abort();
        maybeDone();
        return;
    }
    m_answered = true;
    m_deadline.stop();
    qCDebug(lcAgent).nospace() << "stream " << m_stream->id() << ": connected to " << what();
    pc::HttpResponseHead ok;
    ok.status = 200;
    ok.reason = "Connection Established";
    m_stream->sendResponse(ok);
    m_relay = new pc::ByteRelay(m_stream, socket, this);
    m_relay->setObserver(this);
    connect(m_relay, &pc::ByteRelay::closed, this, [this] {
        beginEnd();
        maybeDone();
    });
    connect(socket, &QAbstractSocket::disconnected, this, &AgentStreamHandler::maybeDone);
    m_relay->start();
}

void AgentStreamHandler::relayed(pc::RelayDirection direction, QByteArrayView) {
    m_lastDirection = direction;
    m_quiet.start();
}

void AgentStreamHandler::endIfIdle() {
    if (!m_relay || m_ending || m_lastDirection != pc::RelayDirection::Down ||
        m_quiet.elapsed() < kIdleMs)
        return;
    const pc::TunnelStream *stream = m_stream.data();
    const QSslSocket *socket = m_socket.data();
    if ((stream && stream->bytesAvailable() > 0) || (socket && socket->bytesAvailable() > 0))
        return;
    qCDebug(lcAgent).nospace() << "closing idle connection to " << what();
    m_relay->end();
}

void AgentStreamHandler::connectFailed(const pc::UpstreamError &error) {
    if (error.kind == pc::UpstreamError::Kind::Timeout)
        refuse({504, "bmc_timeout", error.address + u": "_s + error.message});
    else
        refuse({502, "bmc_unreachable", error.address + u": "_s + error.message});
}

void AgentStreamHandler::refuse(const AgentRefusal &refusal) {
    if (m_answered)
        return;
    m_answered = true;
    m_deadline.stop();
    if (m_connector)
        m_connector->cancel();
    if (m_stream) {
        qCInfo(lcAgent).nospace().noquote()
            << "stream " << m_stream->id() << ": " << refusal.status << " " << refusal.error << " ("
            << refusal.detail << ")";
        refusal.answer(m_stream);
    }
    beginEnd();
    maybeDone();
}

void AgentStreamHandler::beginEnd() {
    if (m_ending)
        return;
    m_ending = true;
    m_linger.start(kLingerMs);
    Q_EMIT settled();
}

void AgentStreamHandler::maybeDone() {
    if (!m_ending)
        return;
    const pc::TunnelStream *stream = m_stream.data();
    const QSslSocket *socket = m_socket.data();
    const bool streamOver = !stream || stream->isFinished();
    const bool socketOver = !socket || socket->state() == QAbstractSocket::UnconnectedState;
    if (streamOver && socketOver) {
        m_linger.stop();
        deleteLater();
    }
}

} // namespace gw
