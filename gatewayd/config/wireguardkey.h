#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <optional>

namespace gw {

// A WireGuard key as `wg genkey` / `wg pubkey` write it: standard base64 of 32 bytes
// (44 characters ending in "="). Private and public keys look the same.
class WireGuardKey {
public:
    static constexpr int Size = 32;

    // The 32 raw bytes, or nothing when `text` is not exactly such a key.
    static std::optional<QByteArray> parse(QStringView text);
    // A private key file's content: one key, surrounding blanks and a final newline
    // allowed. Never put the content in a message.
    static std::optional<QByteArray> parseFile(const QByteArray &content);
};

} // namespace gw
