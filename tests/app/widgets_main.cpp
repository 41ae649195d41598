// Catch2 entry point for the app's widget tests: a QApplication on the offscreen
// platform (also when CTest lists the tests at build time, without a display), Chromium's
// sandbox off as root, and a private HOME so downloads land in a temporary folder.
#define CATCH_CONFIG_RUNNER
#include <QApplication>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <unistd.h>

int main(int argc, char *argv[]) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QTemporaryDir home;
    qputenv("HOME", QFile::encodeName(home.path()));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(QStringLiteral(".config"))));
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
