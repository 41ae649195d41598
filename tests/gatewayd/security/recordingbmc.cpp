#include "recordingbmc.h"

#include "http/httpparser.h"
#include "http/httpparserlistener.h"
#include "http/httpserializer.h"
#include "servertls.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSslServer>
#include <QSslSocket>
#include <memory>

using namespace Qt::StringLiterals;

namespace securitytest {

class RecordingBmc::Connection : public QObject, private pc::HttpParserListener {
public:
    Connection(RecordingBmc *bmc, QSslSocket *socket, int number)
        : QObject(socket)
        , m_bmc(bmc)
        , m_socket(socket)
        , m_number(number)
        , m_parser(pc::HttpParser::Mode::Request, this) {
        connect(socket, &QIODevice::readyRead, this, &Connection::read);
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    }

private:
    void read() {
        const QByteArray data = m_socket->readAll();
        m_bmc->m_raw[m_number - 1] += data;
        if (m_parser.state() == pc::HttpParser::State::Failed)
            return;
        if (!m_parser.feed(data))
            m_socket->disconnectFromHost();
    }

    Request &current() { return m_bmc->m_requests[m_index]; }

    Action onRequestHead(const pc::HttpRequestHead &head) override {
        Request r;
        r.connection = m_number;
        r.method = head.method;
        r.target = head.target;
        r.headers = head.headers;
        m_index = m_bmc->m_requests.size();
        m_bmc->m_requests.append(r);
        m_answered = false;
        if (head.target.startsWith("/early"))
            answer();
        return Action::Continue;
    }
    Action onBody(QByteArrayView data) override {
        current().body += data.toByteArray();
        return Action::Continue;
    }
    Action onMessageComplete() override {
        current().complete = true;
        if (!m_answered)
            answer();
        return Action::Continue;
    }

    void answer() {
        m_answered = true;
        const Request &r = current();
        const QByteArray body =
            QJsonDocument(QJsonObject{{u"target"_s, QString::fromLatin1(r.target)},
                                      {u"bytes"_s, r.body.size()}})
                .toJson(QJsonDocument::Compact);
        QByteArray response =
            pc::HttpSerializer::simpleResponse(200, {{"Content-Type", "application/json"}}, body)
                .value_or(QByteArray());
        if (r.target.startsWith("/overlong"))
            response += "EXTRA"; // past the Content-Length, in the same write
        m_socket->write(response);
    }

    RecordingBmc *m_bmc;
    QSslSocket *m_socket;
    int m_number;
    pc::HttpParser m_parser;
    qsizetype m_index = -1;
    bool m_answered = false;
};

RecordingBmc::RecordingBmc(QObject *parent)
    : QObject(parent)
    , m_server(new QSslServer(this)) {
    const QSslConfiguration tls = testsupport::selfSignedServerTls();
    if (tls.isNull())
        return;
    m_server->setSslConfiguration(tls);
    connect(m_server, &QSslServer::pendingConnectionAvailable, this, &RecordingBmc::accept);
    m_server->listen(QHostAddress::LocalHost, 0);
}

RecordingBmc::~RecordingBmc() {
    m_server->close();
}

bool RecordingBmc::listening() const {
    return m_server->isListening();
}

quint16 RecordingBmc::port() const {
    return m_server->serverPort();
}

QByteArray RecordingBmc::received() const {
    QByteArray all;
    for (const QByteArray &raw : m_raw)
        all += raw;
    return all;
}

void RecordingBmc::accept() {
    while (auto *socket = qobject_cast<QSslSocket *>(m_server->nextPendingConnection())) {
        socket->setParent(this);
        m_raw.append(QByteArray());
        new Connection(this, socket, int(m_raw.size()));
    }
}

} // namespace securitytest
