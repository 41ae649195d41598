#pragma once

#include "config/configerror.h"
#include "config/gatewayconfig.h"
#include "util/expected.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <variant>

namespace gw {

// Turns a GatewayConfig back into the document ConfigLoader reads (same keys, same
// shape; defaults written out), for GET /api/v1/config and for apply's save.
class ConfigWriter {
public:
    // Secrets: every member whose name is one of secretKeyNames(), at any depth, becomes
    // redactedPlaceholder(). File paths (secretFile, tls.key, ...) are not secrets and
    // stay. Today no key holds a secret inline, so the two modes give the same document;
    // the mechanism is there so that a future inline secret cannot leak through the API.
    enum class Redaction { None, Secrets };

    static QJsonObject toJson(const GatewayConfig &config, Redaction redaction);
    // Indented UTF-8 JSON with a final newline.
    static QByteArray toBytes(const GatewayConfig &config, Redaction redaction);

    // Replaces the values of secret-named members, recursively through objects and arrays.
    static QJsonObject redactSecrets(const QJsonObject &document);
    // Member names that hold secret values: "secret", "password", "token", "privateKey".
    static const QStringList &secretKeyNames();
    // "<redacted>"; ConfigLoader refuses it as a value, so a redacted document posted
    // back to apply fails loudly instead of installing the placeholder.
    static QString redactedPlaceholder();

    // Writes the unredacted document to `path` atomically: a temporary file in the same
    // directory, written and fsync'ed, renamed over `path` (QSaveFile), then the directory
    // is fsync'ed so the rename survives a crash. On failure `path` is untouched.
    static pc::Expected<std::monostate, ConfigError> saveAtomically(const QString &path,
                                                                    const GatewayConfig &config);
};

} // namespace gw
