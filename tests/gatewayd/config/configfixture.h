#pragma once

#include "config/configerror.h"
#include "config/gatewayconfig.h"
#include "util/expected.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

namespace Catch {
template <> struct StringMaker<QString> {
    static std::string convert(const QString &value) { return '"' + value.toStdString() + '"'; }
};
} // namespace Catch

namespace gw::test {

// What the secret files hold; no error message may ever contain it.
QByteArray secretContent();

// A temporary directory with every file a full configuration names (keys, certificate,
// tokens, an accounting directory) and a valid document using them.
class ConfigFixture {
public:
    ConfigFixture();

    QString path(const QString &name) const;
    // Every key of PRODUCT.md §4 plus ours, with absolute paths into the directory.
    QJsonObject validDocument() const;
    // Only the required keys.
    QJsonObject minimalDocument() const;

    // ConfigLoader::fromJson with the fixture's directory as base directory.
    pc::Expected<GatewayConfig, ConfigError> load(const QJsonObject &document) const;
    // Asserts that loading fails, that the message is one line and holds no secret.
    ConfigError errorFor(const QJsonObject &document) const;

    void writeFile(const QString &name, const QByteArray &content) const;

    // Returns `document` with the value at a dotted path ("auth.keys.1.alg"; numbers
    // index arrays) replaced or added, or removed.
    static QJsonObject with(const QJsonObject &document, const QString &path,
                            const QJsonValue &value);
    static QJsonObject without(const QJsonObject &document, const QString &path);

private:
    QTemporaryDir m_dir;
};

} // namespace gw::test
