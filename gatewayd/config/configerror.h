#pragma once

#include <QString>

namespace gw {

// Why a configuration was refused. `key` is the JSON path of the offending value
// ("auth.keys[1].alg", `targets.pins["10.0.0.1:443"]`), empty for whole-document
// problems such as a JSON syntax error; `file` is the configuration file, when the
// document came from one. Messages never contain the contents of secret files.
struct ConfigError {
    ConfigError() = default;
    ConfigError(QString keyPath, QString description, QString fileName = QString());

    QString key;
    QString problem;
    QString file;

    // One line: "[file: ][key: ]problem".
    QString toString() const;

    bool operator==(const ConfigError &) const = default;
};

} // namespace gw
