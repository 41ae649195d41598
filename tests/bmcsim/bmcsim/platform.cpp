#include "bmcsim/platform.h"

#include <QStringList>
#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace bmcsim {

namespace {
const std::array<std::pair<Platform, const char16_t *>, 5> kNames{{
    {Platform::Idrac9, u"idrac9"},
    {Platform::Idrac8, u"idrac8"},
    {Platform::Ilo5, u"ilo5"},
    {Platform::AsrockRack, u"asrockrack"},
    {Platform::Generic, u"generic"},
}};
} // namespace

QString platformName(Platform platform) {
    for (const auto &[p, name] : kNames) {
        if (p == platform)
            return QString::fromUtf16(name);
    }
    return u"generic"_s;
}

std::optional<Platform> platformFromName(const QString &name) {
    for (const auto &[p, n] : kNames) {
        if (name == QString::fromUtf16(n))
            return p;
    }
    return std::nullopt;
}

QStringList platformNames() {
    QStringList names;
    for (const auto &entry : kNames)
        names << QString::fromUtf16(entry.second);
    return names;
}

} // namespace bmcsim
