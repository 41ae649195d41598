#include "i18n/apptranslator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace app {

bool AppTranslator::install(QCoreApplication &app, const QLocale &locale) {
    // Qt's own texts first: translators installed later are asked first, so ours win.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;

    // qt_add_translations embeds the .qm files under :/i18n (see app/CMakeLists.txt).
    auto *own = new QTranslator(&app);
    if (own->load(locale, u"pmproxy"_s, u"_"_s, u":/i18n"_s)) {
        QCoreApplication::installTranslator(own);
        return true;
    }
    delete own;
    return false;
}

} // namespace app
