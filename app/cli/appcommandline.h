#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace app {

// What `pmproxy [options] [LINK]` asks for (PRODUCT.md §3, stable).
struct AppOptions {
    enum class Mode { Window, Headless, Screenshot };
    Mode mode = Mode::Window;
    QString link;           // empty: the window opens with no session
    QString screenshotFile; // --screenshot FILE
    QString gatewayCaFile;  // --gateway-ca FILE
};

// Parses the command line without needing a display or an application object, so main
// can choose the application type (a QCoreApplication for --help, --version and
// --headless) and tests can call it directly. Texts go through tr(): parse again after
// installing a translator to get them in the user's language.
class AppCommandLine {
    Q_DECLARE_TR_FUNCTIONS(AppCommandLine)
public:
    enum class Action { Run, ShowHelp, ShowVersion, Error };
    struct Result {
        Action action = Action::Run;
        AppOptions options;
        QString text; // help or version text (stdout), or the error (stderr)
        int exitCode = 0;
    };

    static Result parse(const QStringList &arguments);
    // True when the parsed command needs widgets (the window or a screenshot).
    static bool needsWidgets(const Result &result);

private:
    static Result error(const QString &message);
};

} // namespace app
