#include "simclient.h"

#include "bmcsim/testpattern.h"
#include "httpsclient.h"

#include <QJsonDocument>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QSslSocket>
#include <QWebSocketHandshakeOptions>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace bmcsim::test {

QByteArray Reply::header(const QByteArray &name) const {
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

QList<QByteArray> Reply::headerValues(const QByteArray &name) const {
    QList<QByteArray> values;
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            values << v.split('\n');
    }
    return values;
}

QJsonObject Reply::json() const {
    return QJsonDocument::fromJson(body).object();
}

QString Reply::refusal() const {
    return json().value(u"bmcsim_refused"_s).toString();
}

QSslConfiguration trusting(const QSslCertificate &certificate) {
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates({certificate});
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return tls;
}

Endpoint Endpoint::of(const BmcServer &server) {
    return {server.port(), trusting(server.certificate())};
}

QByteArray Endpoint::host() const {
    return address + ':' + QByteArray::number(port);
}

QString Endpoint::url(const QByteArray &pathAndQuery, bool webSocket) const {
    const char *scheme = webSocket ? (secure ? "wss" : "ws") : (secure ? "https" : "http");
    return QLatin1StringView(scheme) + u"://"_s + QString::fromLatin1(host() + pathAndQuery);
}

SimClient::SimClient(BmcServer &server)
    : m_server(&server) {}

SimClient::SimClient(Endpoint endpoint)
    : m_endpoint(std::move(endpoint)) {}

Endpoint SimClient::endpoint() const {
    return m_server ? Endpoint::of(*m_server) : m_endpoint;
}

SimFixture::SimFixture(const ServerOptions &options)
    : server(options) {
    REQUIRE(server.listen());
}

QByteArray SimFixture::host() const {
    return "127.0.0.1:" + QByteArray::number(server.port());
}

QString SimClient::url(const QByteArray &pathAndQuery) const {
    return endpoint().url(pathAndQuery);
}

Reply SimClient::request(const QByteArray &method, const QByteArray &pathAndQuery,
                         const Headers &headers, const QByteArray &body) {
    QNetworkRequest request{QUrl(url(pathAndQuery))};
    request.setSslConfiguration(endpoint().tls);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    // HEAD as itself: as a custom verb QNAM waits for a body that never comes.
    QNetworkReply *reply = method == "HEAD" ? m_manager.head(request)
                                            : m_manager.sendCustomRequest(request, method, body);
    const bool finished = waitFor([reply] { return reply->isFinished(); });
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.headers = reply->rawHeaderPairs();
    if (!finished)
        r.error = u"timed out"_s;
    else if (r.status == 0)
        r.error = reply->errorString();
    reply->deleteLater();
    return r;
}

QByteArray SimClient::cookie(const QByteArray &name) const {
    const auto cookies = m_manager.cookieJar()->cookiesForUrl(QUrl(url("/")));
    for (const QNetworkCookie &c : cookies) {
        if (c.name() == name)
            return c.value();
    }
    return {};
}

Reply rawExchange(BmcServer &server, const QByteArray &request) {
    const testsupport::RawReply raw = testsupport::httpsExchange(server.port(), request);
    Reply r;
    r.status = raw.status;
    r.body = raw.body;
    r.error = raw.error;
    for (const auto &field : raw.headers)
        r.headers.append({field.name, field.value});
    return r;
}

QByteArray rawSession(BmcServer &server, const QByteArray &requests) {
    QSslSocket socket;
    socket.setSslConfiguration(trusting(server.certificate()));
    socket.connectToHostEncrypted(u"127.0.0.1"_s, server.port());
    if (!waitFor([&] { return socket.isEncrypted(); }))
        return {};
    socket.write(requests);
    QByteArray data;
    waitFor([&] {
        data += socket.readAll();
        return socket.state() == QAbstractSocket::UnconnectedState;
    });
    return data + socket.readAll();
}

ConsoleProbe::ConsoleProbe(BmcServer &server, const QByteArray &pathAndQuery,
                           const Headers &headers, const QStringList &subprotocols,
                           const QString &origin)
    : ConsoleProbe(Endpoint::of(server), pathAndQuery, headers, subprotocols, origin) {}

ConsoleProbe::ConsoleProbe(const Endpoint &endpoint, const QByteArray &pathAndQuery,
                           const Headers &headers, const QStringList &subprotocols,
                           const QString &origin)
    : m_socket(origin) {
    m_socket.setSslConfiguration(endpoint.tls);
    QObject::connect(&m_socket, &QWebSocket::connected, [this] { m_connected = true; });
    QObject::connect(&m_socket, &QWebSocket::disconnected, [this] { m_closed = true; });
    QObject::connect(&m_socket, &QWebSocket::binaryMessageReceived,
                     [this](const QByteArray &message) { m_received << message; });
    QNetworkRequest request{QUrl(endpoint.url(pathAndQuery, true))};
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols(subprotocols);
    m_socket.open(request, options);
}

ConsoleProbe::~ConsoleProbe() {
    m_socket.abort();
}

bool ConsoleProbe::waitConnected(int timeoutMs) {
    return waitFor([this] { return m_connected || m_closed; }, timeoutMs) && m_connected;
}

bool ConsoleProbe::waitClosed(int timeoutMs) {
    return waitFor([this] { return m_closed; }, timeoutMs);
}

std::optional<QByteArray> ConsoleProbe::next(int timeoutMs) {
    if (!waitFor([this] { return !m_received.isEmpty() || m_closed; }, timeoutMs) ||
        m_received.isEmpty())
        return std::nullopt;
    return m_received.takeFirst();
}

void ConsoleProbe::send(const QByteArray &message) {
    m_socket.sendBinaryMessage(message);
}

bool handshake(ConsoleProbe &probe, const QByteArray &hello, const QByteArray &reply,
               const QByteArray &ack) {
    if (!probe.waitConnected())
        return false;
    if (!hello.isEmpty() && probe.next() != hello)
        return false;
    if (!reply.isEmpty())
        probe.send(reply);
    return ack.isEmpty() || probe.next() == ack;
}

void expectPatternAndEcho(ConsoleProbe &probe) {
    std::optional<quint32> last;
    for (int i = 0; i < 3; ++i) {
        const auto message = probe.next();
        REQUIRE(message);
        const auto number = pattern::verifyFrame(*message);
        REQUIRE(number);
        if (last)
            CHECK(*number > *last);
        last = number;
    }
    const QByteArray input = QByteArrayLiteral("\x02Kenter");
    probe.send(input);
    std::optional<QByteArray> echo;
    for (int i = 0; i < 50 && !echo; ++i) {
        const auto message = probe.next();
        REQUIRE(message);
        if (quint8(message->at(0)) == pattern::kInputEcho)
            echo = message;
    }
    REQUIRE(echo);
    CHECK(echo->mid(1) == input.mid(1));
}

} // namespace bmcsim::test
