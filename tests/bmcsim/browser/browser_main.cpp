// Entry point of the browser tests: QtWebEngine needs a QGuiApplication (the shared
// test main only makes a QCoreApplication). Without a display it renders offscreen;
// running as root needs Chromium's sandbox off (./run test sets both already).

#define CATCH_CONFIG_RUNNER
#include <QGuiApplication>
#include <catch2/catch.hpp>

int main(int argc, char *argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); // as QtWebEngine asks
    QGuiApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
