#include "upstream/upstreamerror.h"

using namespace Qt::StringLiterals;

namespace pc {

QString UpstreamError::kindName() const {
    switch (kind) {
    case Kind::Refused:
        return u"refused"_s;
    case Kind::Timeout:
        return u"timeout"_s;
    case Kind::Tls:
        return u"tls"_s;
    case Kind::Closed:
        return u"closed"_s;
    case Kind::Protocol:
        return u"protocol"_s;
    }
    return u"unknown"_s;
}

} // namespace pc
