#include "rewrite/rewriteerror.h"

using namespace Qt::StringLiterals;

namespace pc {

QJsonObject RewriteError::toJson() const {
    return {{u"error"_s, code}, {u"detail"_s, detail}};
}

QString RewriteError::toString() const {
    return code + u": "_s + detail;
}

} // namespace pc
