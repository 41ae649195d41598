#include "token/gpsessionlink.h"
#include "ui/mainwindow.h"
#include "util/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>
#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// --help and --version must work without a display, so they get a QCoreApplication.
bool wantsInfoOnly(int argc, char *argv[]) {
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"--help", "-h", "--version", "-v", "--help-all"}) {
            if (std::strcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

void setupParser(QCommandLineParser &parser) {
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Opens a BMC's web UI and virtual console from a gpsession link."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"LINK"_s, QCoreApplication::translate("main", "gpsession link"));
}

} // namespace

int main(int argc, char *argv[]) {
    std::unique_ptr<QCoreApplication> app;
    if (wantsInfoOnly(argc, argv))
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(u"pmproxy"_s);
    QCoreApplication::setApplicationVersion(pc::productVersion());

    QCommandLineParser parser;
    setupParser(parser);
    parser.process(*app); // exits for --help and --version

    app::MainWindow window;
    const QStringList links = parser.positionalArguments();
    if (!links.isEmpty()) {
        auto parsed = pc::GpsessionLink::parse(links.first());
        if (!parsed) {
            QTextStream(stderr) << "pmproxy: " << parsed.error().message() << Qt::endl;
            return 2; // bad link or token
        }
        window.openLink(links.first());
    }
    window.show();
    return app->exec();
}
