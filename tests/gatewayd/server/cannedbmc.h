#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>

class QSslServer;

// A BMC stand-in (TLS, self-signed) that answers each request with the bytes a test
// chose for its path: a whole response, head and body, as the wire carries it (so a
// test can send what bmcsim never would: corrupt gzip, br, ...). Requests are read up
// to their empty line (GET/HEAD only); the connection stays open for the next one
// unless the canned response closes it. The heads it received are kept.
class CannedBmc : public QObject {
public:
    CannedBmc();
    ~CannedBmc() override;
    bool listening() const;
    quint16 port() const;

    // RESPONSE for requests whose target is PATH (with the query). Unknown paths: 404.
    void answer(const QByteArray &path, const QByteArray &response);
    // Every request head received, in order.
    const QList<QByteArray> &requests() const { return m_requests; }

private:
    void accept();

    QSslServer *m_server;
    QHash<QByteArray, QByteArray> m_answers;
    QList<QByteArray> m_requests;
};
