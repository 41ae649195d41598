#include "config/configloader.h"

#include "config/configlog.h"
#include "config/configparser.h"
#include "token/strictjson.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

ConfigError syntaxError(const QByteArray &json, const QJsonParseError &error) {
    const qsizetype offset = std::clamp<qsizetype>(error.offset, 0, json.size());
    const qsizetype lineStart = json.lastIndexOf('\n', offset - 1) + 1;
    const qsizetype line = json.left(offset).count('\n') + 1;
    const qsizetype column = QString::fromUtf8(json.mid(lineStart, offset - lineStart)).size() + 1;
    return ConfigError{QString(), u"invalid JSON at line "_s + QString::number(line) +
                                      u", column "_s + QString::number(column) + u": "_s +
                                      error.errorString()};
}

} // namespace

pc::Expected<GatewayConfig, ConfigError> ConfigLoader::fromFile(const QString &path) {
    const QFileInfo info(path);
    const auto fail = [&](const QString &problem) {
        return pc::unexpected(ConfigError{QString(), problem, path});
    };
    if (!info.exists())
        return fail(u"file not found"_s);
    if (!info.isFile())
        return fail(u"not a regular file"_s);
    if (info.size() > MaxDocumentSize)
        return fail(u"larger than "_s + QString::number(MaxDocumentSize) + u" bytes"_s);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"cannot read: "_s + file.errorString());
    const QByteArray json = file.read(MaxDocumentSize + 1);
    auto config = fromJson(json, info.absolutePath());
    if (!config) {
        ConfigError error = config.error();
        error.file = path;
        return pc::unexpected(error);
    }
    qCInfo(lcConfig).noquote() << "loaded" << path << "for" << config->name;
    return config;
}

pc::Expected<GatewayConfig, ConfigError> ConfigLoader::fromJson(const QByteArray &json,
                                                                const QString &baseDir) {
    if (json.size() > MaxDocumentSize)
        return pc::unexpected(ConfigError{QString(), u"document larger than "_s +
                                                         QString::number(MaxDocumentSize) +
                                                         u" bytes"_s});
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return pc::unexpected(syntaxError(json, parseError));
    if (!document.isObject())
        return pc::unexpected(
            ConfigError{QString(), u"the configuration must be a JSON object ({ ... })"_s});
    if (const auto repeated = pc::StrictJson::duplicateMember(json))
        return pc::unexpected(ConfigError{
            *repeated, u"given twice in the same object (JSON would silently keep only the "
                       u"last one)"_s});
    return ConfigParser(baseDir).parse(document.object());
}

const QStringList &ConfigLoader::supportedAlgorithms() {
    static const QStringList algs{u"HS256"_s, u"HS384"_s, u"HS512"_s, u"RS256"_s, u"RS384"_s,
                                  u"RS512"_s, u"PS256"_s, u"ES256"_s, u"ES384"_s, u"EdDSA"_s};
    return algs;
}

} // namespace gw
