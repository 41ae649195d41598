#pragma once

// A request as the personalities see it: the head only (bodies stream separately,
// see dispatch.h), with the lookups BMC code needs — headers case-insensitively, cookies,
// query items.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace bmcsim {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

class SimRequest {
public:
    SimRequest() = default;
    SimRequest(QByteArray method, QByteArray target, HeaderList headers, QString peer = {});

    const QByteArray &method() const { return m_method; }
    const QByteArray &target() const { return m_target; }
    // The target without its query.
    const QByteArray &path() const { return m_path; }
    const HeaderList &headers() const { return m_headers; }
    // The client's address, as text.
    const QString &peer() const { return m_peer; }

    bool hasHeader(QByteArrayView name) const;
    // The first value of header `name`, or empty.
    QByteArray header(QByteArrayView name) const;
    // The value of cookie `name` from the Cookie headers, or empty.
    QByteArray cookie(QByteArrayView name) const;
    // A query parameter, percent-decoded.
    QString queryItem(const QString &name) const;
    bool acceptsGzip() const;
    bool isWebSocketUpgrade() const;

private:
    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_path;
    QUrlQuery m_query;
    HeaderList m_headers;
    QString m_peer;
};

} // namespace bmcsim
