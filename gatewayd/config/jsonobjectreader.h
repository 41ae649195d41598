#pragma once

#include "config/configerror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <optional>

namespace gw {

// Typed, path-aware access to one JSON object of the configuration. Readers of one
// document share an error slot: the first problem wins, and after it every accessor
// returns its fallback without recording more, so a parser can run straight through and
// look at the slot at the end.
class JsonObjectReader {
public:
    enum class Presence { Required, Optional };

    // Members not in `knownKeys` are reported at once as unknown keys (typos), before
    // anything else about this object, with the closest known key as a suggestion.
    JsonObjectReader(QJsonObject object, QString path, QStringList knownKeys,
                     std::optional<ConfigError> &error);

    const QString &path() const { return m_path; }
    QString keyPath(const QString &key) const;
    bool has(const QString &key) const { return m_object.contains(key); }

    // A non-empty string.
    std::optional<QString> string(const QString &key, Presence presence);
    bool boolean(const QString &key, bool fallback);
    int integer(const QString &key, int fallback, int min, int max);
    std::optional<QJsonObject> object(const QString &key, Presence presence);
    std::optional<QJsonArray> array(const QString &key, Presence presence);

    // A reader for the object under `key` (an empty one when absent or not an object; the
    // problem is recorded) or for an array element named `keyPath`. It shares the error slot.
    JsonObjectReader child(const QString &key, Presence presence, QStringList knownKeys);
    JsonObjectReader element(const QJsonValue &value, const QString &keyPath,
                             QStringList knownKeys);

    // The same checks for a value found elsewhere (an array element), named `keyPath`.
    std::optional<QString> stringValue(const QJsonValue &value, const QString &keyPath);
    std::optional<QJsonObject> objectValue(const QJsonValue &value, const QString &keyPath);

    // Records `problem` for `keyPath` unless a problem was recorded already.
    void fail(const QString &keyPath, const QString &problem);
    bool failed() const { return m_error.has_value(); }

    // "a string \"30\"", "a number 5000", "an array", ... for "expected X, got Y".
    static QString describe(const QJsonValue &value);

private:
    bool present(const QString &key, Presence presence);
    void rejectUnknownKeys();

    QJsonObject m_object;
    QString m_path;
    QStringList m_knownKeys;
    std::optional<ConfigError> &m_error;
};

} // namespace gw
