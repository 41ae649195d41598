#include "http/httpheaders.h"

#include "http/httpsyntax.h"

namespace pc {

using httpsyntax::equalsIgnoreCase;

HttpHeaders::HttpHeaders(std::initializer_list<Field> fields)
    : m_fields(fields) {}

void HttpHeaders::append(QByteArray name, QByteArray value) {
    m_fields.append(Field{std::move(name), std::move(value)});
}

void HttpHeaders::set(QByteArray name, QByteArray value) {
    qsizetype first = -1;
    for (qsizetype i = 0; i < m_fields.size();) {
        if (!equalsIgnoreCase(m_fields.at(i).name, name)) {
            ++i;
        } else if (first < 0) {
            first = i++;
        } else {
            m_fields.removeAt(i);
        }
    }
    if (first < 0)
        m_fields.append(Field{std::move(name), std::move(value)});
    else
        m_fields[first] = Field{std::move(name), std::move(value)};
}

qsizetype HttpHeaders::remove(QByteArrayView name) {
    return m_fields.removeIf([name](const Field &f) { return equalsIgnoreCase(f.name, name); });
}

bool HttpHeaders::contains(QByteArrayView name) const {
    return countOf(name) > 0;
}

QByteArray HttpHeaders::value(QByteArrayView name) const {
    for (const Field &f : m_fields) {
        if (equalsIgnoreCase(f.name, name))
            return f.value;
    }
    return {};
}

QList<QByteArray> HttpHeaders::values(QByteArrayView name) const {
    QList<QByteArray> out;
    for (const Field &f : m_fields) {
        if (equalsIgnoreCase(f.name, name))
            out.append(f.value);
    }
    return out;
}

QByteArray HttpHeaders::combinedValue(QByteArrayView name) const {
    return values(name).join(QByteArrayLiteral(", "));
}

qsizetype HttpHeaders::countOf(QByteArrayView name) const {
    qsizetype n = 0;
    for (const Field &f : m_fields) {
        if (equalsIgnoreCase(f.name, name))
            ++n;
    }
    return n;
}

qsizetype HttpHeaders::count() const {
    return m_fields.size();
}

bool HttpHeaders::isEmpty() const {
    return m_fields.isEmpty();
}

const HttpHeaders::Field &HttpHeaders::at(qsizetype i) const {
    return m_fields.at(i);
}

const QList<HttpHeaders::Field> &HttpHeaders::fields() const {
    return m_fields;
}

HttpHeaders::const_iterator HttpHeaders::begin() const {
    return m_fields.cbegin();
}

HttpHeaders::const_iterator HttpHeaders::end() const {
    return m_fields.cend();
}

QList<QByteArray> HttpHeaders::connectionTokens() const {
    QList<QByteArray> tokens;
    for (const Field &f : m_fields) {
        if (!equalsIgnoreCase(f.name, "connection"))
            continue;
        for (const QByteArray &part : f.value.split(',')) {
            const QByteArrayView token = httpsyntax::trimOws(part);
            if (!token.isEmpty())
                tokens.append(httpsyntax::toLowerAscii(token));
        }
    }
    return tokens;
}

void HttpHeaders::removeHopByHop() {
    static constexpr const char *fixed[] = {
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "proxy-authenticate",
        "proxy-authorization",
    };
    const QList<QByteArray> named = connectionTokens();
    m_fields.removeIf([&named](const Field &f) {
        for (const char *name : fixed) {
            if (equalsIgnoreCase(f.name, name))
                return true;
        }
        if (equalsIgnoreCase(f.name, "content-length"))
            return false;
        for (const QByteArray &token : named) {
            if (equalsIgnoreCase(f.name, token))
                return true;
        }
        return false;
    });
}

} // namespace pc
