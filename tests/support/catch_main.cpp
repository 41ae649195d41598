// Catch2 entry point shared by all test executables: tests that use Qt's event
// loop, sockets or timers need a QCoreApplication to exist.
#define CATCH_CONFIG_RUNNER
#include <QCoreApplication>
#include <catch2/catch.hpp>

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
