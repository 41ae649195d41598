#pragma once

// A request as the personalities see it: the head only (bodies stream separately, see
// dispatch.h), with the lookups BMC code needs — cookies, query items, gzip.

#include "http/httpheaders.h"

#include <QByteArray>
#include <QString>
#include <QUrlQuery>

namespace bmcsim {

class SimRequest {
public:
    SimRequest() = default;
    SimRequest(QByteArray method, QByteArray target, pc::HttpHeaders headers, QString peer = {});

    const QByteArray &method() const { return m_method; }
    const QByteArray &target() const { return m_target; }
    // The target without its query.
    const QByteArray &path() const { return m_path; }
    const pc::HttpHeaders &headers() const { return m_headers; }
    // The client's address, as text.
    const QString &peer() const { return m_peer; }

    bool hasHeader(QByteArrayView name) const { return m_headers.contains(name); }
    // The first value of header `name`, or empty.
    QByteArray header(QByteArrayView name) const { return m_headers.value(name); }
    // The value of cookie `name` from the Cookie headers, or empty.
    QByteArray cookie(QByteArrayView name) const;
    // A query parameter, percent-decoded.
    QString queryItem(const QString &name) const;
    bool acceptsGzip() const;

private:
    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_path;
    QUrlQuery m_query;
    pc::HttpHeaders m_headers;
    QString m_peer;
};

} // namespace bmcsim
