#pragma once

#include <QLocale>

class QCoreApplication;

namespace app {

// Installs the app's translation (embedded from translations/pmproxy_<lang>.ts) and Qt's
// own (qtbase, for texts like "Usage:") for LOCALE, by default the system's locale
// (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). Without a matching translation the texts stay
// English. The translators live as children of APP.
class AppTranslator {
public:
    // Returns true when a translation of pmproxy's own texts was found and installed.
    static bool install(QCoreApplication &app, const QLocale &locale = QLocale());
};

} // namespace app
