#include "accounting/trafficrecord.h"

using namespace Qt::StringLiterals;

namespace gw {

namespace {

// An optional claim: null when the token had none.
QJsonValue optional(const QString &value) {
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

} // namespace

QJsonObject TrafficRecord::toJson() const {
    return QJsonObject{{u"time"_s, time},
                       {u"session"_s, session},
                       {u"ip"_s, ip},
                       {u"port"_s, port},
                       {u"platform"_s, platform},
                       {u"sub"_s, optional(sub)},
                       {u"jti"_s, optional(jti)},
                       {u"path"_s, path},
                       {u"bytesUp"_s, bytesUp},
                       {u"bytesDown"_s, bytesDown},
                       {u"requests"_s, requests},
                       {u"wsMessages"_s, wsMessages},
                       {u"agent"_s, optional(agent)},
                       {u"group"_s, optional(group)},
                       {u"host"_s, optional(host)}};
}

} // namespace gw
