#include "configfixture.h"

#include "config/configloader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <catch2/catch.hpp>
#include <optional>

using namespace Qt::StringLiterals;

namespace gw::test {

namespace {

QJsonValue edit(const QJsonValue &node, QStringList segments,
                const std::optional<QJsonValue> &value) {
    if (segments.isEmpty())
        return value.value_or(QJsonValue());
    const QString head = segments.takeFirst();
    const bool last = segments.isEmpty();
    if (node.isArray()) {
        QJsonArray array = node.toArray();
        const int index = head.toInt();
        if (last && !value)
            array.removeAt(index);
        else if (index == array.size())
            array.append(edit(QJsonValue(), segments, value));
        else
            array[index] = edit(array.at(index), segments, value);
        return array;
    }
    QJsonObject object = node.toObject();
    if (last && !value)
        object.remove(head);
    else
        object.insert(head, edit(object.value(head), segments, value));
    return object;
}

} // namespace

QByteArray secretContent() {
    return QByteArrayLiteral("TOPSECRET-hmac-key-0123456789abcdef");
}

ConfigFixture::ConfigFixture() {
    REQUIRE(m_dir.isValid());
    writeFile(u"jwt.secret"_s, secretContent());
    writeFile(u"issuer.pub.pem"_s, QByteArrayLiteral("-----BEGIN PUBLIC KEY-----\nx\n"));
    writeFile(u"issuer.jwks.json"_s, QByteArrayLiteral("{\"keys\": []}"));
    writeFile(u"cert.pem"_s, QByteArrayLiteral("-----BEGIN CERTIFICATE-----\nx\n"));
    writeFile(u"key.pem"_s, secretContent());
    writeFile(u"api.token"_s, secretContent());
    writeFile(u"site-a.secret"_s, secretContent());
    REQUIRE(QDir(m_dir.path()).mkdir(u"data"_s));
}

QString ConfigFixture::path(const QString &name) const {
    return m_dir.filePath(name);
}

void ConfigFixture::writeFile(const QString &name, const QByteArray &content) const {
    QFile file(path(name));
    REQUIRE(file.open(QIODevice::WriteOnly));
    REQUIRE(file.write(content) == content.size());
}

QJsonObject ConfigFixture::validDocument() const {
    const QByteArray json =
        u"{"
        u"  \"name\": \"gw1.example.com\","
        u"  \"listen\": { \"public\": \"0.0.0.0:8443\", \"api\": \"[::1]:9443\" },"
        u"  \"tls\": { \"cert\": \"@/cert.pem\", \"key\": \"@/key.pem\" },"
        u"  \"auth\": {"
        u"    \"keys\": ["
        u"      { \"kid\": \"k1\", \"alg\": \"HS256\", \"secretFile\": \"@/jwt.secret\" },"
        u"      { \"kid\": \"k2\", \"alg\": \"ES256\", \"publicKeyFile\": \"@/issuer.pub.pem\" },"
        u"      { \"kid\": \"k3\", \"alg\": \"RS256\", \"jwksFile\": \"@/issuer.jwks.json\" }"
        u"    ],"
        u"    \"leewaySeconds\": 45,"
        u"    \"requireUpstreamMatch\": false,"
        u"    \"revokedJti\": [\"jti-1\", \"jti-2\"]"
        u"  },"
        u"  \"api\": { \"tokenFile\": \"@/api.token\" },"
        u"  \"targets\": {"
        u"    \"allow\": [\"10.0.0.0/8\", \"fd00::/8\", \"192.168.1.7\"],"
        u"    \"verifyTls\": true,"
        u"    \"pins\": { \"10.1.2.3:443\": "
        u"\"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:"
        u"45:67:89\","
        u"                \"10.1.2.4\": "
        u"\"0000000000000000000000000000000000000000000000000000000000000001\" }"
        u"  },"
        u"  \"agents\": [ { \"id\": \"site-a\", \"secretFile\": \"@/site-a.secret\" } ],"
        u"  \"accounting\": { \"database\": \"@/data/traffic.db\", \"retentionHours\": 48 },"
        u"  \"upstream\": { \"connectTimeoutMs\": 5000, \"responseTimeoutMs\": 30000, "
        u"\"maxIdlePerTarget\": 2 },"
        u"  \"limits\": { \"maxSessions\": 50 }"
        u"}"_s.replace(u"@"_s, m_dir.path())
            .toUtf8();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    REQUIRE(error.error == QJsonParseError::NoError);
    return document.object();
}

QJsonObject ConfigFixture::minimalDocument() const {
    QJsonObject document = validDocument();
    for (const QString &key : {u"api"_s, u"agents"_s, u"accounting"_s, u"upstream"_s, u"limits"_s})
        document.remove(key);
    document = without(document, u"listen.api"_s);
    document = without(document, u"auth.leewaySeconds"_s);
    document = without(document, u"auth.requireUpstreamMatch"_s);
    document = without(document, u"auth.revokedJti"_s);
    document = without(document, u"targets.verifyTls"_s);
    return without(document, u"targets.pins"_s);
}

pc::Expected<GatewayConfig, ConfigError> ConfigFixture::load(const QJsonObject &document) const {
    return ConfigLoader::fromJson(QJsonDocument(document).toJson(), m_dir.path());
}

ConfigError ConfigFixture::errorFor(const QJsonObject &document) const {
    const auto result = load(document);
    REQUIRE_FALSE(result.hasValue());
    const QString line = result.error().toString();
    INFO(line.toStdString());
    CHECK_FALSE(line.contains(QString::fromUtf8(secretContent())));
    CHECK_FALSE(line.contains(u'\n'));
    return result.error();
}

QJsonObject ConfigFixture::with(const QJsonObject &document, const QString &path,
                                const QJsonValue &value) {
    return edit(document, path.split(u'.'), value).toObject();
}

QJsonObject ConfigFixture::without(const QJsonObject &document, const QString &path) {
    return edit(document, path.split(u'.'), std::nullopt).toObject();
}

} // namespace gw::test
