#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gw {

// A streaming transformation of a response body (the platform's body rewriting).
class BodyFilter {
public:
    virtual ~BodyFilter() = default;
    virtual QByteArray feed(QByteArrayView chunk) = 0;
    virtual QByteArray finish() = 0;
};

} // namespace gw
