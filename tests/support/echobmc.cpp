#include "echobmc.h"

#include "servertls.h"

#include <QWebSocket>
#include <QWebSocketServer>

using namespace Qt::StringLiterals;

namespace flowtest {

EchoBmc::EchoBmc(const QStringList &subprotocols, QObject *parent)
    : QObject(parent)
    , m_server(new QWebSocketServer(u"echobmc"_s, QWebSocketServer::SecureMode, this)) {
    const QSslConfiguration tls = testsupport::selfSignedServerTls();
    if (tls.isNull())
        return;
    m_server->setSslConfiguration(tls);
    m_server->setSupportedSubprotocols(subprotocols);
    connect(m_server, &QWebSocketServer::newConnection, this, &EchoBmc::accept);
    m_server->listen(QHostAddress::LocalHost, 0);
}

EchoBmc::~EchoBmc() {
    m_server->close();
}

bool EchoBmc::listening() const {
    return m_server->isListening();
}

quint16 EchoBmc::port() const {
    return m_server->serverPort();
}

void EchoBmc::accept() {
    while (QWebSocket *ws = m_server->nextPendingConnection()) {
        ws->setParent(this);
        Upgrade upgrade;
        upgrade.path = ws->requestUrl().toString(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        const QNetworkRequest request = ws->request();
        for (const QByteArray &name : request.rawHeaderList())
            upgrade.headers.append({name, request.rawHeader(name)});
        upgrade.subprotocol = ws->subprotocol();
        m_upgrades.append(upgrade);

        connect(ws, &QWebSocket::textMessageReceived, ws, [ws](const QString &text) {
            if (text.startsWith(u"close "_s)) {
                const QStringList parts = text.split(u' ');
                ws->close(QWebSocketProtocol::CloseCode(parts.value(1).toInt()), parts.value(2));
                return;
            }
            if (text == u"ping"_s) {
                ws->ping("from-bmc");
                return;
            }
            ws->sendTextMessage(text);
        });
        connect(ws, &QWebSocket::binaryMessageReceived, ws,
                [ws](const QByteArray &data) { ws->sendBinaryMessage(data); });
        connect(ws, &QWebSocket::pong, this, [this](quint64, const QByteArray &payload) {
            if (payload == "from-bmc")
                ++m_pongs;
        });
        connect(ws, &QWebSocket::disconnected, this, [this, ws] {
            m_closes.append({ws->closeCode(), ws->closeReason()});
            ws->deleteLater();
        });
    }
}

} // namespace flowtest
