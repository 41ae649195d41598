#pragma once

// A response of the emulated BMC: status, headers and either a body in memory or a
// BodySource streamed with back-pressure (large virtual-media downloads).

#include "http/httpheaders.h"

#include <QByteArray>
#include <QJsonObject>
#include <memory>

namespace bmcsim {

// Produces a body piece by piece; never asked for more than it has left.
class BodySource {
public:
    virtual ~BodySource() = default;
    virtual qint64 size() const = 0;
    virtual QByteArray read(qint64 maxBytes) = 0;
};

struct CookieSpec {
    QByteArray name;
    QByteArray value;
    QByteArray domain; // empty: host-only
    bool httpOnly = true;
    QByteArray sameSite;
};

class SimResponse {
public:
    explicit SimResponse(int status = 200)
        : m_status(status) {}

    static SimResponse json(int status, const QJsonObject &body);
    static SimResponse content(int status, const QByteArray &contentType, const QByteArray &body);
    // {"bmcsim_refused": reason, "detail": detail}
    static SimResponse refusal(int status, const QString &reason, const QString &detail);
    static SimResponse stream(std::shared_ptr<BodySource> source, const QByteArray &contentType);

    SimResponse &header(const QByteArray &name, const QByteArray &value);
    // Set-Cookie with Path=/ and Secure (every BMC here is HTTPS only).
    SimResponse &cookie(const CookieSpec &spec);

    int status() const { return m_status; }
    const pc::HttpHeaders &headers() const { return m_headers; }
    const QByteArray &body() const { return m_body; }
    const std::shared_ptr<BodySource> &source() const { return m_source; }
    qint64 contentLength() const { return m_source ? m_source->size() : m_body.size(); }

private:
    int m_status;
    pc::HttpHeaders m_headers;
    QByteArray m_body;
    std::shared_ptr<BodySource> m_source;
};

} // namespace bmcsim
