#include "bmcsim/simrequest.h"

namespace bmcsim {

SimRequest::SimRequest(QByteArray method, QByteArray target, pc::HttpHeaders headers, QString peer)
    : m_method(std::move(method))
    , m_target(std::move(target))
    , m_headers(std::move(headers))
    , m_peer(std::move(peer)) {
    const qsizetype q = m_target.indexOf('?');
    m_path = q < 0 ? m_target : m_target.left(q);
    if (q >= 0)
        m_query.setQuery(QString::fromLatin1(m_target.mid(q + 1)));
}

QByteArray SimRequest::cookie(QByteArrayView name) const {
    for (const QByteArray &line : m_headers.values("cookie")) {
        for (const QByteArray &pair : line.split(';')) {
            const qsizetype eq = pair.indexOf('=');
            if (eq > 0 && pair.left(eq).trimmed() == name)
                return pair.mid(eq + 1).trimmed();
        }
    }
    return {};
}

QString SimRequest::queryItem(const QString &name) const {
    return m_query.queryItemValue(name, QUrl::FullyDecoded);
}

bool SimRequest::acceptsGzip() const {
    return m_headers.combinedValue("accept-encoding").toLower().contains("gzip");
}

} // namespace bmcsim
