#pragma once

#include "util/expected.h"

#include <QJsonObject>
#include <QString>

namespace pc {

// Why the rewriting module refused an input (a Host header, a worker-compat request).
// `code` is stable and machine-readable (e.g. "bad_host", "bad_base64"); `detail` is
// for people and never quotes a header value that could hold a secret.
struct RewriteError {
    QString code;
    QString detail;

    // {"error": code, "detail": detail}, the gateway's JSON error shape (PRODUCT.md §5).
    QJsonObject toJson() const;
    QString toString() const;
};

inline Unexpected<RewriteError> rewriteError(QString code, QString detail) {
    return unexpected(RewriteError{std::move(code), std::move(detail)});
}

} // namespace pc
