#pragma once

#include "api/apirequest.h"
#include "api/apiresponse.h"
#include "api/apitoken.h"
#include "config/hostport.h"
#include "util/expected.h"

#include <QObject>
#include <QSslConfiguration>
#include <QTcpServer>
#include <memory>

namespace gw {

class ControlPlane;

// The management listener (listen.api, PRODUCT.md §5). Every request, to any path,
// needs `Authorization: Bearer <api.tokenFile>`; without it the answer is 401 and
// nothing happens. Errors are JSON {"error", "detail"}. Each connection is an
// ApiConnection (bodies of at most 1 MiB, refused unread beyond; Qt HttpServer 6.4
// would buffer any body whole, so it is not used).
//
// Transport: plain HTTP when listen.api is a loopback address (only local processes
// reach it; the bearer token still guards it against other local users), TLS with the
// public listener's certificate (tls.cert/tls.key) otherwise, so the API token never
// crosses a network in clear.
class ApiServer : public QObject {
    Q_OBJECT
public:
    ApiServer(ControlPlane *plane, ApiToken token, QObject *parent = nullptr);
    ~ApiServer() override;

    // A listener on ADDRESS, not yet serving (apply prepares it before anything changes).
    static pc::Expected<std::unique_ptr<QTcpServer>, QString> listen(const HostPort &address,
                                                                     const QSslConfiguration &tls);
    // Serves on LISTENER from now on; a previous listener stops accepting (connections
    // it accepted, such as the one carrying an apply, are answered first).
    void serve(std::unique_ptr<QTcpServer> listener);
    void setToken(ApiToken token) { m_token = std::move(token); }
    QString address() const;

private:
    void acceptConnections();
    ApiResponse answer(const ApiRequest &request);
    ApiResponse route(const ApiRequest &request);
    ApiResponse traffic(const ApiRequest &request);
    ApiResponse sessions() const;
    ApiResponse agents() const;
    ApiResponse groups() const;
    ApiResponse endSession(const ApiRequest &request, const QString &id);
    // 200 {"status":"ok"}, or 503 {"status":"degraded","detail"} while accounting holds
    // records back.
    ApiResponse health() const;
    ApiResponse metrics() const;
    ApiResponse config(const ApiRequest &request) const;
    ApiResponse apply(const ApiRequest &request);

    ControlPlane *m_plane;
    ApiToken m_token;
    QTcpServer *m_listener = nullptr;
};

} // namespace gw
