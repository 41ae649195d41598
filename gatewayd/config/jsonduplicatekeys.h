#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace gw {

// QJsonDocument keeps the last of two members with the same name without a word, so a
// second "targets" block would silently replace the first. This finds such repeats.
class JsonDuplicateKeys {
public:
    // `json` must already be valid JSON (QJsonDocument accepted it). Returns the path of
    // the first repeated member ("auth.keys[0].kid"), or nullopt when there is none.
    static std::optional<QString> find(const QByteArray &json);
};

} // namespace gw
