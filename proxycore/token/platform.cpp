#include "token/platform.h"

using namespace Qt::StringLiterals;

namespace pc {

QString platformName(Platform platform) {
    switch (platform) {
    case Platform::Generic:
        return u"generic"_s;
    case Platform::Idrac8:
        return u"idrac8"_s;
    case Platform::Idrac9:
        return u"idrac9"_s;
    case Platform::Ilo5:
        return u"ilo5"_s;
    case Platform::AsrockRack:
        return u"asrockrack"_s;
    }
    return {};
}

std::optional<Platform> platformFromName(QStringView name) {
    for (Platform p : {Platform::Generic, Platform::Idrac8, Platform::Idrac9, Platform::Ilo5,
                       Platform::AsrockRack}) {
        if (name == platformName(p))
            return p;
    }
    return std::nullopt;
}

} // namespace pc
