#include "config/targetssection.h"

#include "config/configlog.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

using Presence = JsonObjectReader::Presence;

std::optional<QByteArray> parseFingerprint(QString text) {
    static const QRegularExpression hex(u"^[0-9A-Fa-f]{64}$"_s);
    text.remove(u':');
    if (!hex.match(text).hasMatch())
        return std::nullopt;
    return QByteArray::fromHex(text.toLatin1());
}

} // namespace

void TargetsSection::parse(JsonObjectReader &root, GatewayConfig::Targets &targets) {
    JsonObjectReader reader =
        root.child(u"targets"_s, Presence::Required, {u"allow"_s, u"verifyTls"_s, u"pins"_s});
    const std::optional<QJsonArray> allow = reader.array(u"allow"_s, Presence::Required);
    for (qsizetype i = 0; allow && i < allow->size() && !reader.failed(); ++i) {
        const QString path = reader.keyPath(u"allow"_s) + u"["_s + QString::number(i) + u"]"_s;
        const std::optional<QString> text = reader.stringValue(allow->at(i), path);
        if (!text)
            break;
        const auto subnet = Subnet::parse(*text);
        if (!subnet)
            reader.fail(path, subnet.error());
        else
            targets.allow << *subnet;
    }
    if (allow && allow->isEmpty())
        qCWarning(lcConfig) << "targets.allow is empty: every token will be refused";
    targets.verifyTls = reader.boolean(u"verifyTls"_s, false);
    parsePins(reader, targets);
}

void TargetsSection::parsePins(JsonObjectReader &reader, GatewayConfig::Targets &targets) {
    const std::optional<QJsonObject> pins = reader.object(u"pins"_s, Presence::Optional);
    if (!pins)
        return;
    QSet<QString> seen;
    for (auto it = pins->begin(); it != pins->end() && !reader.failed(); ++it) {
        const QString path = reader.keyPath(u"pins"_s) + u"[\""_s + it.key() + u"\"]"_s;
        const auto target = HostPort::parse(it.key(), HostPort::Port::Optional);
        if (!target) {
            reader.fail(path, target.error());
            return;
        }
        const std::optional<QString> text = reader.stringValue(it.value(), path);
        const std::optional<QByteArray> sha256 = text ? parseFingerprint(*text) : std::nullopt;
        if (text && !sha256)
            reader.fail(path, u"expected a SHA-256 fingerprint: 64 hex digits, colons optional"_s);
        else if (text && seen.contains(target->toString()))
            reader.fail(path, u"pins "_s + target->toString() + u" twice"_s);
        if (reader.failed())
            return;
        seen.insert(target->toString());
        targets.pins << GatewayConfig::TargetPin{*target, *sha256};
        if (std::none_of(targets.allow.begin(), targets.allow.end(),
                         [&](const Subnet &s) { return s.contains(target->address); }))
            qCWarning(lcConfig).noquote()
                << path << "pins a target outside targets.allow; it can never be used";
    }
    std::sort(targets.pins.begin(), targets.pins.end(),
              [](const GatewayConfig::TargetPin &a, const GatewayConfig::TargetPin &b) {
                  return a.target.toString() < b.target.toString();
              });
}

} // namespace gw
