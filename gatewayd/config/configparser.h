#pragma once

#include "config/configerror.h"
#include "config/gatewayconfig.h"
#include "config/jsonobjectreader.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace gw {

// Turns the top-level JSON object into a GatewayConfig, checking every key (ConfigLoader
// has already checked the JSON syntax and duplicate members). Relative paths resolve
// against `baseDir`.
class ConfigParser {
public:
    explicit ConfigParser(QString baseDir);

    pc::Expected<GatewayConfig, ConfigError> parse(const QJsonObject &root);

private:
    using Presence = JsonObjectReader::Presence;

    void parseName(JsonObjectReader &root, GatewayConfig &config);
    void parseListen(JsonObjectReader &root, GatewayConfig &config);
    void parseTls(JsonObjectReader &root, GatewayConfig &config);
    void parseAuth(JsonObjectReader &root, GatewayConfig &config);
    void parseKey(JsonObjectReader &parent, const QJsonValue &value, const QString &path,
                  GatewayConfig &config);
    void parseApi(JsonObjectReader &root, GatewayConfig &config);
    void parseTargets(JsonObjectReader &root, GatewayConfig &config);
    void parsePins(JsonObjectReader &targets, GatewayConfig &config);
    void parseAgents(JsonObjectReader &root, GatewayConfig &config);
    void parseAccounting(JsonObjectReader &root, GatewayConfig &config);
    void parseTuning(JsonObjectReader &root, GatewayConfig &config);

    // The absolute path of an existing, readable, non-empty regular file. Only metadata
    // is looked at and the file is opened, never read: no secret can end up in a message.
    std::optional<QString> readableFile(JsonObjectReader &reader, const QString &key,
                                        Presence presence);
    QString resolve(const QString &path) const;
    JsonObjectReader section(JsonObjectReader &parent, const QString &key, Presence presence,
                             const QStringList &knownKeys);

    QString m_baseDir;
    std::optional<ConfigError> m_error;
};

} // namespace gw
