#pragma once

#include "config/configerror.h"
#include "config/gatewayconfig.h"
#include "util/expected.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace gw {

// Reads and validates gatewayd's configuration (PRODUCT.md §4). Everything is checked
// before anything is returned, so a caller either gets a configuration that can run or
// one error naming the key and the problem:
// - JSON syntax (with line and column), a top-level object, no member given twice;
// - no unknown keys (typos are errors, with a suggestion), the right types and ranges;
// - required keys: name, listen.public, tls.cert, tls.key, auth.keys (non-empty),
//   targets.allow; api.tokenFile when listen.api is set;
// - unique kids and agent ids, algorithms from supportedAlgorithms() and a key file of
//   the kind the algorithm needs (an HMAC secret never doubles as a public key);
// - listen addresses, CIDRs and pinned targets parse strictly; fingerprints are 64 hex
//   digits; key, certificate, token and secret files exist, are regular, readable and
//   non-empty (relative paths resolve against the configuration file's directory).
class ConfigLoader {
public:
    // Larger documents are refused (a configuration is a few KiB).
    static constexpr qint64 MaxDocumentSize = 1024 * 1024;

    // The error's `file` is `path`.
    static pc::Expected<GatewayConfig, ConfigError> fromFile(const QString &path);
    // For POST /api/v1/apply: pass the active configuration file's directory as
    // `baseDir`. An empty `baseDir` means the current directory.
    static pc::Expected<GatewayConfig, ConfigError> fromJson(const QByteArray &json,
                                                             const QString &baseDir);

    // HS256, HS384, HS512, RS256, RS384, RS512, PS256, ES256, ES384, EdDSA (PRODUCT.md §2).
    static const QStringList &supportedAlgorithms();
};

} // namespace gw
