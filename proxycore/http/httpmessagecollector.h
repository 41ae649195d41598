#pragma once

#include "http/httpheaders.h"

#include <QByteArray>
#include <QByteArrayView>

namespace pc {

// Internal to HttpParser: gathers the pieces llhttp reports (a field name or value may
// arrive in many calls when input is fed in small slices) into a request method and
// target, a reason phrase and a header or trailer section. HttpMessageHandler has
// already bounded the sizes.
class HttpMessageCollector {
public:
    void reset();
    // Starts a new field section (the trailers, after the head was taken).
    void beginSection();

    void appendMethod(QByteArrayView piece);
    void appendTarget(QByteArrayView piece);
    void appendReason(QByteArrayView piece);
    void appendFieldName(QByteArrayView piece);
    void appendFieldValue(QByteArrayView piece);

    bool lastFieldNameEmpty() const;
    QByteArray takeMethod();
    QByteArray takeTarget();
    QByteArray takeReason();
    // The fields gathered since the last section start, values OWS-trimmed.
    HttpHeaders takeFields();

private:
    enum class Last { Nothing, Name, Value };

    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_reason;
    QList<HttpHeaders::Field> m_fields;
    Last m_last = Last::Nothing;
};

} // namespace pc
