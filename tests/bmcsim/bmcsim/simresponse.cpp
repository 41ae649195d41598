#include "bmcsim/simresponse.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace bmcsim {

SimResponse SimResponse::json(int status, const QJsonObject &body) {
    return content(status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact));
}

SimResponse SimResponse::content(int status, const QByteArray &contentType,
                                 const QByteArray &body) {
    SimResponse r(status);
    r.m_body = body;
    r.header("Content-Type", contentType);
    return r;
}

SimResponse SimResponse::refusal(int status, const QString &reason, const QString &detail) {
    return json(status, {{u"bmcsim_refused"_s, reason}, {u"detail"_s, detail}});
}

SimResponse SimResponse::stream(std::shared_ptr<BodySource> source, const QByteArray &contentType) {
    SimResponse r(200);
    r.m_source = std::move(source);
    r.header("Content-Type", contentType);
    return r;
}

SimResponse &SimResponse::header(const QByteArray &name, const QByteArray &value) {
    m_headers.append(name, value);
    return *this;
}

SimResponse &SimResponse::cookie(const CookieSpec &spec) {
    QByteArray line = spec.name + '=' + spec.value + "; Path=/";
    if (!spec.domain.isEmpty())
        line += "; Domain=" + spec.domain;
    line += "; Secure";
    if (spec.httpOnly)
        line += "; HttpOnly";
    if (!spec.sameSite.isEmpty())
        line += "; SameSite=" + spec.sameSite;
    return header("Set-Cookie", line);
}

} // namespace bmcsim
