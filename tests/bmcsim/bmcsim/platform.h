#pragma once

// The BMC families the emulator can impersonate, with their names on the command line
// and in tokens (PRODUCT.md §2: idrac8, idrac9, ilo5, asrockrack, generic).

#include <QString>
#include <optional>

namespace bmcsim {

enum class Platform { Idrac9, Idrac8, Ilo5, AsrockRack, Generic };

QString platformName(Platform platform);
std::optional<Platform> platformFromName(const QString &name);
QStringList platformNames();

} // namespace bmcsim
