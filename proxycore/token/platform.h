#pragma once

#include <QString>
#include <QStringView>
#include <optional>

namespace pc {

// The BMC platform named by a token's "platform" claim.
enum class Platform { Generic, Idrac8, Idrac9, Ilo5, AsrockRack };

// "generic", "idrac8", "idrac9", "ilo5", "asrockrack".
QString platformName(Platform platform);
// Exact (lowercase) names only; nullopt for anything else.
std::optional<Platform> platformFromName(QStringView name);

} // namespace pc
