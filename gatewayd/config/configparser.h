#pragma once

#include "config/configerror.h"
#include "config/configfiles.h"
#include "config/gatewayconfig.h"
#include "config/jsonobjectreader.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace gw {

// Turns the top-level JSON object into a GatewayConfig, checking every key (ConfigLoader
// has already checked the JSON syntax and repeated members). Relative paths resolve
// against `baseDir`. "auth" and "targets" have their own classes.
class ConfigParser {
public:
    explicit ConfigParser(QString baseDir);

    pc::Expected<GatewayConfig, ConfigError> parse(const QJsonObject &root);

private:
    using Presence = JsonObjectReader::Presence;

    void parseName(JsonObjectReader &root, GatewayConfig &config);
    void parseListen(JsonObjectReader &root, GatewayConfig &config);
    void parseTls(JsonObjectReader &root, GatewayConfig &config);
    void parseApi(JsonObjectReader &root, GatewayConfig &config);
    void parseAgents(JsonObjectReader &root, GatewayConfig &config);
    void parseAccounting(JsonObjectReader &root, GatewayConfig &config);
    void parseTuning(JsonObjectReader &root, GatewayConfig &config);
    void parseBrowser(JsonObjectReader &root, GatewayConfig &config);
    void parseIngress(JsonObjectReader &root, GatewayConfig &config);
    // A domain whose subdomains the gateway serves (KEY of SECTION), lower case without
    // a trailing dot; empty when absent.
    static QString wildcardDomain(JsonObjectReader &section, const QString &key,
                                  const QString &example);

    ConfigFiles m_files;
};

} // namespace gw
