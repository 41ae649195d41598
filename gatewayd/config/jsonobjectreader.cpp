#include "config/jsonobjectreader.h"

#include "config/configwriter.h"

#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

int editDistance(const QString &a, const QString &b) {
    QList<int> row(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            const bool same = a[i - 1].toLower() == b[j - 1].toLower();
            row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

QString quoted(const QString &text) {
    return u"\""_s + text + u"\""_s;
}

} // namespace

JsonObjectReader::JsonObjectReader(QJsonObject object, QString path, QStringList knownKeys,
                                   std::optional<ConfigError> &error)
    : m_object(std::move(object))
    , m_path(std::move(path))
    , m_knownKeys(std::move(knownKeys))
    , m_error(error) {
    rejectUnknownKeys();
}

void JsonObjectReader::rejectUnknownKeys() {
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        const QString key = it.key();
        if (m_knownKeys.contains(key))
            continue;
        QString best;
        int bestDistance = std::max<int>(2, int(key.size()) / 3) + 1;
        for (const QString &known : std::as_const(m_knownKeys)) {
            const int d = editDistance(key, known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        const QString hint = best.isEmpty() ? u"known keys here: "_s + m_knownKeys.join(u", "_s)
                                            : u"did you mean "_s + quoted(best) + u"?"_s;
        fail(keyPath(key), u"unknown key (misspelled? unknown keys are errors); "_s + hint);
        return;
    }
}

QString JsonObjectReader::keyPath(const QString &key) const {
    return m_path.isEmpty() ? key : m_path + u"."_s + key;
}

bool JsonObjectReader::present(const QString &key, Presence presence) {
    if (failed())
        return false;
    if (m_object.contains(key))
        return true;
    if (presence == Presence::Required)
        fail(keyPath(key), u"missing required key"_s);
    return false;
}

std::optional<QString> JsonObjectReader::string(const QString &key, Presence presence) {
    if (!present(key, presence))
        return std::nullopt;
    return stringValue(m_object.value(key), keyPath(key));
}

std::optional<QString> JsonObjectReader::stringValue(const QJsonValue &value,
                                                     const QString &keyPath) {
    if (failed())
        return std::nullopt;
    if (!value.isString()) {
        fail(keyPath, u"expected a string, got "_s + describe(value));
        return std::nullopt;
    }
    const QString text = value.toString();
    if (text.isEmpty()) {
        fail(keyPath, u"must not be empty"_s);
        return std::nullopt;
    }
    if (text == ConfigWriter::redactedPlaceholder()) {
        fail(keyPath, quoted(text) + u" is what GET /api/v1/config shows in place of a secret; "
                                     u"send the real value"_s);
        return std::nullopt;
    }
    return text;
}

bool JsonObjectReader::boolean(const QString &key, bool fallback) {
    if (!present(key, Presence::Optional))
        return fallback;
    const QJsonValue value = m_object.value(key);
    if (!value.isBool()) {
        fail(keyPath(key), u"expected true or false, got "_s + describe(value));
        return fallback;
    }
    return value.toBool();
}

int JsonObjectReader::integer(const QString &key, int fallback, int min, int max) {
    if (!present(key, Presence::Optional))
        return fallback;
    const QJsonValue value = m_object.value(key);
    const double number = value.toDouble();
    if (!value.isDouble() || !std::isfinite(number) || std::trunc(number) != number ||
        number < min || number > max) {
        fail(keyPath(key), u"expected an integer from "_s + QString::number(min) + u" to "_s +
                               QString::number(max) + u", got "_s + describe(value));
        return fallback;
    }
    return int(number);
}

std::optional<QJsonObject> JsonObjectReader::object(const QString &key, Presence presence) {
    if (!present(key, presence))
        return std::nullopt;
    return objectValue(m_object.value(key), keyPath(key));
}

std::optional<QJsonObject> JsonObjectReader::objectValue(const QJsonValue &value,
                                                         const QString &keyPath) {
    if (failed())
        return std::nullopt;
    if (!value.isObject()) {
        fail(keyPath, u"expected an object, got "_s + describe(value));
        return std::nullopt;
    }
    return value.toObject();
}

JsonObjectReader JsonObjectReader::child(const QString &key, Presence presence,
                                         QStringList knownKeys) {
    const std::optional<QJsonObject> value = object(key, presence);
    return JsonObjectReader(value.value_or(QJsonObject()), keyPath(key), std::move(knownKeys),
                            m_error);
}

JsonObjectReader JsonObjectReader::element(const QJsonValue &value, const QString &keyPath,
                                           QStringList knownKeys) {
    const std::optional<QJsonObject> object = objectValue(value, keyPath);
    return JsonObjectReader(object.value_or(QJsonObject()), keyPath, std::move(knownKeys), m_error);
}

std::optional<QJsonArray> JsonObjectReader::array(const QString &key, Presence presence) {
    if (!present(key, presence))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isArray()) {
        fail(keyPath(key), u"expected an array, got "_s + describe(value));
        return std::nullopt;
    }
    return value.toArray();
}

void JsonObjectReader::fail(const QString &keyPath, const QString &problem) {
    if (!m_error)
        m_error = ConfigError{keyPath, problem};
}

QString JsonObjectReader::describe(const QJsonValue &value) {
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    QString text = QString::fromUtf8(json.mid(1, json.size() - 2));
    if (text.size() > 60)
        text = text.left(57) + u"..."_s;
    switch (value.type()) {
    case QJsonValue::String:
        return u"a string "_s + text;
    case QJsonValue::Double:
        return u"a number "_s + text;
    case QJsonValue::Bool:
        return text;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    default:
        return u"null"_s;
    }
}

} // namespace gw
