#include "api/apiserver.h"

#include "api/apilog.h"
#include "api/controlplane.h"
#include "config/configwriter.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslServer>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

using Method = QHttpServerRequest::Method;

QHttpServerResponse json(const QJsonDocument &document, int status = 200) {
    return QHttpServerResponse("application/json", document.toJson(QJsonDocument::Compact),
                               static_cast<QHttpServerResponder::StatusCode>(status));
}

QHttpServerResponse error(int status, const QString &code, const QString &detail) {
    return json(QJsonDocument(QJsonObject{{u"error"_s, code}, {u"detail"_s, detail}}), status);
}

QHttpServerResponse methodNotAllowed(const QByteArray &allow) {
    QHttpServerResponse response =
        error(405, u"method_not_allowed"_s, u"use "_s + QString::fromLatin1(allow));
    response.setHeader("Allow", allow);
    return response;
}

bool isLoopback(const QHostAddress &address) {
    return address.isLoopback();
}

} // namespace

ApiServer::ApiServer(ControlPlane *plane, ApiToken token, QObject *parent)
    : QObject(parent)
    , m_plane(plane)
    , m_token(std::move(token)) {
    addRoutes();
}

ApiServer::~ApiServer() = default;

pc::Expected<std::unique_ptr<QTcpServer>, QString> ApiServer::listen(const HostPort &address,
                                                                     const QSslConfiguration &tls) {
    std::unique_ptr<QTcpServer> server;
    if (isLoopback(address.address)) {
        server = std::make_unique<QTcpServer>();
    } else {
        auto ssl = std::make_unique<QSslServer>();
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
        // Sockets it accepted are its children: let them finish (an apply's answer).
        m_listener->close();
        QTimer::singleShot(30000, m_listener, &QObject::deleteLater);
        m_listener = nullptr;
    }
    if (!listener)
        return;
    m_listener = listener.release();
    m_http.bind(m_listener); // takes ownership
    qCInfo(lcApi).noquote() << "management API on" << address()
                            << (qobject_cast<QSslServer *>(m_listener) ? "(TLS)" : "(HTTP)");
}

QString ApiServer::address() const {
    if (!m_listener)
        return {};
    const QHostAddress a = m_listener->serverAddress();
    const QString host =
        a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a.toString() + u']' : a.toString();
    return host + u':' + QString::number(m_listener->serverPort());
}

bool ApiServer::authorized(const QHttpServerRequest &request) const {
    return m_token.admits(request.value("Authorization"));
}

QHttpServerResponse ApiServer::answer(const QHttpServerRequest &request,
                                      const std::function<QHttpServerResponse()> &handler) {
    QHttpServerResponse response =
        authorized(request)
            ? handler()
            : error(401, u"unauthorized"_s, u"an API token is required: Authorization: Bearer"_s);
    if (response.statusCode() == QHttpServerResponder::StatusCode::Unauthorized)
        response.setHeader("WWW-Authenticate", "Bearer");
    response.setHeader("Cache-Control", "no-store");
    m_plane->metrics().apiRequest(int(response.statusCode()));
    qCDebug(lcApi).noquote() << request.url().path() << int(response.statusCode());
    return response;
}

void ApiServer::addRoutes() {
    m_http.route(u"/healthz"_s, [this](const QHttpServerRequest &r) {
        return answer(r, [] { return json(QJsonDocument(QJsonObject{{u"status"_s, u"ok"_s}})); });
    });
    m_http.route(u"/metrics"_s, [this](const QHttpServerRequest &r) {
        return answer(r, [this] {
            return QHttpServerResponse("text/plain; version=0.0.4; charset=utf-8",
                                       m_plane->metrics().render(&m_plane->sessions()));
        });
    });
    m_http.route(u"/api/v1/config"_s, [this](const QHttpServerRequest &r) {
        return answer(r, [this, &r] {
            if (r.method() != Method::Get)
                return methodNotAllowed("GET");
            return json(QJsonDocument(
                ConfigWriter::toJson(m_plane->config(), ConfigWriter::Redaction::Secrets)));
        });
    });
    m_http.route(u"/api/v1/apply"_s, [this](const QHttpServerRequest &r) {
        return answer(r, [this, &r] { return apply(r); });
    });
    m_http.route(u"/api/v1/traffic"_s, [this](const QHttpServerRequest &r) {
        return answer(r, [this, &r] { return traffic(r); });
    });
    m_http.route(u"/api/v1/sessions"_s, [this](const QHttpServerRequest &r) {
        return answer(r, [this, &r] {
            return r.method() == Method::Get ? sessions() : methodNotAllowed("GET");
        });
    });
    m_http.route(
        u"/api/v1/sessions/<arg>"_s, [this](const QString &id, const QHttpServerRequest &r) {
            return answer(r, [this, &r, id] {
                if (r.method() != Method::Delete)
                    return methodNotAllowed("DELETE");
                if (!m_plane->sessions().end(id))
                    return error(404, u"no_such_session"_s, u"no live session with id "_s + id);
                qCInfo(lcApi).noquote() << "session" << id << "ended through the API";
                return json(QJsonDocument(QJsonObject{{u"ended"_s, id}}));
            });
        });
    m_http.setMissingHandler([this](const QHttpServerRequest &r, QHttpServerResponder &&responder) {
        QHttpServerResponse response =
            answer(r, [] { return error(404, u"not_found"_s, u"no such API endpoint"_s); });
        response.write(std::move(responder));
    });
}

QHttpServerResponse ApiServer::apply(const QHttpServerRequest &request) {
    if (request.method() != Method::Post)
        return methodNotAllowed("POST");
    auto applied = m_plane->apply(request.body());
    if (!applied)
        return error(applied.error().status, applied.error().error, applied.error().detail);
    return json(QJsonDocument(
        QJsonObject{{u"applied"_s, true}, {u"sessionsClosed"_s, applied->sessionsClosed}}));
}

QHttpServerResponse ApiServer::traffic(const QHttpServerRequest &request) {
    if (request.method() != Method::Get)
        return methodNotAllowed("GET");
    qint64 since = 0;
    const QUrlQuery query = request.query();
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

QHttpServerResponse ApiServer::sessions() const {
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
