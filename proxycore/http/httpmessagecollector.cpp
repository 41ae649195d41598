#include "http/httpmessagecollector.h"

#include "http/httpsyntax.h"

namespace pc {

void HttpMessageCollector::reset() {
    m_method.clear();
    m_target.clear();
    m_reason.clear();
    beginSection();
}

void HttpMessageCollector::beginSection() {
    m_fields.clear();
    m_last = Last::Nothing;
}

void HttpMessageCollector::appendMethod(QByteArrayView piece) {
    m_method.append(piece);
}

void HttpMessageCollector::appendTarget(QByteArrayView piece) {
    m_target.append(piece);
}

void HttpMessageCollector::appendReason(QByteArrayView piece) {
    m_reason.append(piece);
}

void HttpMessageCollector::appendFieldName(QByteArrayView piece) {
    if (m_last != Last::Name)
        m_fields.append(HttpHeaders::Field{});
    m_fields.last().name.append(piece);
    m_last = Last::Name;
}

void HttpMessageCollector::appendFieldValue(QByteArrayView piece) {
    if (m_fields.isEmpty())
        m_fields.append(HttpHeaders::Field{}); // cannot happen: a value follows a name
    m_fields.last().value.append(piece);
    m_last = Last::Value;
}

bool HttpMessageCollector::lastFieldNameEmpty() const {
    return m_fields.isEmpty() || m_fields.last().name.isEmpty();
}

QByteArray HttpMessageCollector::takeMethod() {
    return std::exchange(m_method, {});
}

QByteArray HttpMessageCollector::takeTarget() {
    return std::exchange(m_target, {});
}

QByteArray HttpMessageCollector::takeReason() {
    return std::exchange(m_reason, {});
}

HttpHeaders HttpMessageCollector::takeFields() {
    HttpHeaders headers;
    for (HttpHeaders::Field &f : m_fields) {
        const QByteArrayView trimmed = httpsyntax::trimOws(f.value);
        if (trimmed.size() != f.value.size())
            f.value = trimmed.toByteArray();
        headers.append(std::move(f.name), std::move(f.value));
    }
    beginSection();
    return headers;
}

} // namespace pc
