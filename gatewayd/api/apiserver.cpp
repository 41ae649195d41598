#include "api/apiserver.h"

#include "agents/agentmetrics.h"
#include "agents/agentregistry.h"
#include "agents/agentservice.h"
#include "api/apiconnection.h"
#include "api/apilog.h"
#include "config/configwriter.h"
#include "daemon/controlplane.h"
#include "groups/groupmanager.h"
#include "ingress/ingressstats.h"
#include "util/lowdelay.h"
#include "util/lowdelaysslserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslServer>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

ApiResponse json(const QJsonDocument &document, int status = 200) {
    return ApiResponse::json(document, status);
}

ApiResponse error(int status, const QString &code, const QString &detail) {
    return ApiResponse::error(status, code, detail);
}

ApiResponse methodNotAllowed(const QByteArray &allow) {
    ApiResponse response =
        error(405, u"method_not_allowed"_s, u"use "_s + QString::fromLatin1(allow));
    response.headers.set("Allow", allow);
    return response;
}

bool isLoopback(const QHostAddress &address) {
    return address.isLoopback();
}

} // namespace

ApiServer::ApiServer(ControlPlane *plane, ApiToken token, QObject *parent)
    : QObject(parent)
    , m_plane(plane)
    , m_token(std::move(token)) {}

ApiServer::~ApiServer() = default;

pc::Expected<std::unique_ptr<QTcpServer>, QString> ApiServer::listen(const HostPort &address,
                                                                     const QSslConfiguration &tls) {
    std::unique_ptr<QTcpServer> server;
    if (isLoopback(address.address)) {
        server = std::make_unique<QTcpServer>();
    } else {
        auto ssl = std::make_unique<pc::LowDelaySslServer>();
        ssl->setSslConfiguration(tls);
        server = std::move(ssl);
    }
    if (!server->listen(address.address, address.port.value_or(0))) {
        return pc::unexpected(u"listen.api: cannot listen on %1: %2"_s.arg(address.toString(),
                                                                           server->errorString()));
    }
    return server;
}

void ApiServer::serve(std::unique_ptr<QTcpServer> listener) {
    if (m_listener) {
        // Connections it accepted are its children: let them finish (an apply's answer).
        m_listener->close();
        disconnect(m_listener, nullptr, this, nullptr);
        QTimer::singleShot(30000, m_listener, &QObject::deleteLater);
        m_listener = nullptr;
    }
    if (!listener)
        return;
    m_listener = listener.release();
    m_listener->setParent(this);
    // After the TLS handshake for a QSslServer; at once for a QTcpServer.
    connect(m_listener, &QTcpServer::pendingConnectionAvailable, this,
            &ApiServer::acceptConnections);
    acceptConnections();
    qCInfo(lcApi).noquote() << "management API on" << address()
                            << (qobject_cast<QSslServer *>(m_listener) ? "(TLS)" : "(HTTP)");
}

void ApiServer::acceptConnections() {
    auto *listener = qobject_cast<QTcpServer *>(sender());
    if (!listener)
        listener = m_listener;
    while (QTcpSocket *socket = listener->nextPendingConnection()) {
        pc::setLowDelay(socket);
        auto *connection = new ApiConnection(
            socket, [this](const ApiRequest &request) { return answer(request); }, listener);
        connect(connection, &ApiConnection::refused, this, [this](int status, const QString &why) {
            m_plane->metrics().apiRequest(status);
            qCInfo(lcApi).noquote() << "API request refused:" << status << why;
        });
    }
}

QString ApiServer::address() const {
    if (!m_listener)
        return {};
    const QHostAddress a = m_listener->serverAddress();
    const QString host =
        a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a.toString() + u']' : a.toString();
    return host + u':' + QString::number(m_listener->serverPort());
}

ApiResponse ApiServer::answer(const ApiRequest &request) {
    ApiResponse response =
        m_token.admits(request.headers.value("Authorization"))
            ? route(request)
            : error(401, u"unauthorized"_s, u"an API token is required: Authorization: Bearer"_s);
    if (response.status == 401)
        response.headers.set("WWW-Authenticate", "Bearer");
    response.headers.set("Cache-Control", "no-store");
    m_plane->metrics().apiRequest(response.status);
    qCDebug(lcApi).noquote() << request.method << request.path << response.status;
    return response;
}

ApiResponse ApiServer::route(const ApiRequest &request) {
    const QString &path = request.path;
    if (path == u"/healthz"_s)
        return health();
    if (path == u"/metrics"_s)
        return metrics();
    if (path == u"/api/v1/config"_s)
        return config(request);
    if (path == u"/api/v1/apply"_s)
        return apply(request);
    if (path == u"/api/v1/traffic"_s)
        return traffic(request);
    if (path == u"/api/v1/sessions"_s)
        return request.method == "GET" ? sessions() : methodNotAllowed("GET");
    if (path == u"/api/v1/agents"_s)
        return request.method == "GET" ? agents() : methodNotAllowed("GET");
    if (path == u"/api/v1/groups"_s)
        return request.method == "GET" ? groups() : methodNotAllowed("GET");
    static const QString sessionPrefix = u"/api/v1/sessions/"_s;
    if (path.startsWith(sessionPrefix) && path.size() > sessionPrefix.size() &&
        !path.mid(sessionPrefix.size()).contains(u'/'))
        return endSession(request, path.mid(sessionPrefix.size()));
    return error(404, u"not_found"_s, u"no such API endpoint"_s);
}

ApiResponse ApiServer::metrics() const {
    const AccountingHealth accounting = m_plane->accountant().health();
    QByteArray text = m_plane->metrics().render(&m_plane->sessions(), &accounting);
    if (const AgentService *agents = m_plane->agents())
        text += renderAgentMetrics(*agents);
    if (const IngressStats *ingress = m_plane->ingress())
        text += ingress->render();
    if (GroupManager *groups = m_plane->groups())
        text += groups->renderMetrics();
    return ApiResponse::text("text/plain; version=0.0.4; charset=utf-8", text);
}

ApiResponse ApiServer::agents() const {
    const AgentService *agents = m_plane->agents();
    return json(QJsonDocument(agents ? agents->registry()->toJson() : QJsonArray()));
}

ApiResponse ApiServer::groups() const {
    GroupManager *groups = m_plane->groups();
    QJsonArray list = groups ? groups->statusJson(m_plane->config().groups) : QJsonArray();
    if (const IngressStats *ingress = m_plane->ingress()) {
        // Each route gains its ingress figures: liveConnections, connections, bytesUp/Down.
        for (QJsonValueRef groupValue : list) {
            QJsonObject group = groupValue.toObject();
            const QString name = group.value(u"name"_s).toString();
            QJsonArray routes = group.value(u"routes"_s).toArray();
            if (routes.isEmpty())
                continue;
            for (QJsonValueRef routeValue : routes) {
                QJsonObject route = routeValue.toObject();
                const QJsonObject figures =
                    ingress->routeJson(name, route.value(u"host"_s).toString());
                for (auto it = figures.begin(); it != figures.end(); ++it)
                    route.insert(it.key(), it.value());
                routeValue = route;
            }
            group.insert(u"routes"_s, routes);
            groupValue = group;
        }
    }
    return json(QJsonDocument(list));
}

ApiResponse ApiServer::config(const ApiRequest &request) const {
    if (request.method != "GET")
        return methodNotAllowed("GET");
    return json(
        QJsonDocument(ConfigWriter::toJson(m_plane->config(), ConfigWriter::Redaction::Secrets)));
}

ApiResponse ApiServer::endSession(const ApiRequest &request, const QString &id) {
    if (request.method != "DELETE")
        return methodNotAllowed("DELETE");
    if (!m_plane->sessions().end(id))
        return error(404, u"no_such_session"_s, u"no live session with id "_s + id);
    qCInfo(lcApi).noquote() << "session" << id << "ended through the API";
    return json(QJsonDocument(QJsonObject{{u"ended"_s, id}}));
}

ApiResponse ApiServer::health() const {
    const AccountingHealth accounting = m_plane->accountant().health();
    if (!accounting.degraded())
        return json(QJsonDocument(QJsonObject{{u"status"_s, u"ok"_s}}));
    const QString detail =
        u"accounting: %1 traffic records held back in memory (at most %2, then the oldest are "
        "dropped; %3 dropped so far): %4"_s.arg(accounting.backlog)
            .arg(accounting.backlogLimit)
            .arg(accounting.dropped)
            .arg(accounting.problem);
    return json(QJsonDocument(QJsonObject{{u"status"_s, u"degraded"_s}, {u"detail"_s, detail}}),
                503);
}

ApiResponse ApiServer::apply(const ApiRequest &request) {
    if (request.method != "POST")
        return methodNotAllowed("POST");
    auto applied = m_plane->apply(request.body);
    if (!applied)
        return error(applied.error().status, applied.error().error, applied.error().detail);
    return json(QJsonDocument(
        QJsonObject{{u"applied"_s, true}, {u"sessionsClosed"_s, applied->sessionsClosed}}));
}

ApiResponse ApiServer::traffic(const ApiRequest &request) {
    if (request.method != "GET")
        return methodNotAllowed("GET");
    qint64 since = 0;
    const QUrlQuery &query = request.query;
    if (query.hasQueryItem(u"since"_s)) {
        bool ok = false;
        since = query.queryItemValue(u"since"_s).toLongLong(&ok);
        if (!ok || since < 0)
            return error(400, u"bad_request"_s, u"since: expected UNIX seconds"_s);
    }
    auto records = m_plane->accountant().since(since);
    if (!records)
        return error(500, u"accounting_failed"_s, records.error());
    QJsonArray array;
    for (const TrafficRecord &r : std::as_const(*records))
        array.append(r.toJson());
    return json(QJsonDocument(array));
}

ApiResponse ApiServer::sessions() const {
    QJsonArray array;
    for (const SessionInfo &s : m_plane->sessions().sessions()) {
        const SessionIdentity &id = s.identity;
        array.append(QJsonObject{{u"id"_s, id.id},
                                 {u"sub"_s, id.sub},
                                 {u"jti"_s, id.jti},
                                 {u"ip"_s, id.ip},
                                 {u"port"_s, id.port},
                                 {u"platform"_s, id.platform},
                                 {u"path"_s, sessionPathName(id.path)},
                                 {u"started"_s, s.started},
                                 {u"connections"_s, s.connections},
                                 {u"bytesUp"_s, qint64(s.traffic.bytesUp)},
                                 {u"bytesDown"_s, qint64(s.traffic.bytesDown)},
                                 {u"requests"_s, qint64(s.traffic.requests)},
                                 {u"wsMessages"_s, qint64(s.traffic.wsMessages)}});
    }
    return json(QJsonDocument(array));
}

} // namespace gw
