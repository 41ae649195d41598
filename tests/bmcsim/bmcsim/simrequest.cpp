#include "bmcsim/simrequest.h"

namespace bmcsim {

SimRequest::SimRequest(QByteArray method, QByteArray target, HeaderList headers, QString peer)
    : m_method(std::move(method))
    , m_target(std::move(target))
    , m_headers(std::move(headers))
    , m_peer(std::move(peer)) {
    const qsizetype q = m_target.indexOf('?');
    m_path = q < 0 ? m_target : m_target.left(q);
    if (q >= 0)
        m_query.setQuery(QString::fromLatin1(m_target.mid(q + 1)));
}

bool SimRequest::hasHeader(QByteArrayView name) const {
    for (const auto &[n, v] : m_headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray SimRequest::header(QByteArrayView name) const {
    for (const auto &[n, v] : m_headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

QByteArray SimRequest::cookie(QByteArrayView name) const {
    for (const auto &[n, v] : m_headers) {
        if (n.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &pair : v.split(';')) {
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
    for (const auto &[n, v] : m_headers) {
        if (n.compare("accept-encoding", Qt::CaseInsensitive) == 0 && v.toLower().contains("gzip"))
            return true;
    }
    return false;
}

bool SimRequest::isWebSocketUpgrade() const {
    return header("upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
}

} // namespace bmcsim
