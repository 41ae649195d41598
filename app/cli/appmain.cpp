#include "cli/appmain.h"

#include "cli/appcommandline.h"
#include "cli/exitcode.h"
#include "cli/gatewaycafile.h"
#include "headless/headlessrunner.h"
#include "headless/screenshotrunner.h"
#include "i18n/apptranslator.h"
#include "instance/singleinstance.h"
#include "ui/mainwindow.h"
#include "ui/sessiontab.h"
#include "util/unixsignalwatcher.h"
#include "util/version.h"

#include <QApplication>
#include <QTextStream>
#include <memory>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace app {

namespace {

int fail(int code, const QString &message) {
    QTextStream(stderr) << u"pmproxy: "_s << message << Qt::endl;
    return code;
}

// Checks LINK before anything starts: a bad link exits 2, an expired token 3.
std::unique_ptr<BmcSession> createSession(const AppOptions &options,
                                          const BmcSession::Options &sessionOptions, int *code) {
    BmcSession::Failure failure = BmcSession::Failure::None;
    QString message;
    auto session = BmcSession::create(options.link, sessionOptions, &failure, &message);
    if (!session)
        *code = fail(exitCodeFor(failure), message);
    return session;
}

// Scripts and tests (PMPROXY_TEST_EVENTS=1) follow the window on stdout.
void testEvent(const QString &line) {
    static const bool enabled = qEnvironmentVariableIntValue("PMPROXY_TEST_EVENTS") == 1;
    if (enabled)
        QTextStream(stdout) << line << Qt::endl;
}

int runHeadless(const AppOptions &options, const BmcSession::Options &sessionOptions) {
    int code = kExitOther;
    auto session = createSession(options, sessionOptions, &code);
    if (!session)
        return code;
    HeadlessRunner runner(std::move(session));
    pc::UnixSignalWatcher signals;
    QObject::connect(&signals, &pc::UnixSignalWatcher::terminationRequested, &runner,
                     &HeadlessRunner::stop);
    QObject::connect(&runner, &HeadlessRunner::finished, qApp, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    QMetaObject::invokeMethod(&runner, &HeadlessRunner::start, Qt::QueuedConnection);
    return QCoreApplication::exec();
}

int runScreenshot(const AppOptions &options, const BmcSession::Options &sessionOptions) {
    int code = kExitOther;
    if (!createSession(options, sessionOptions, &code))
        return code;
    MainWindow window(sessionOptions);
    ScreenshotRunner runner(&window, options.screenshotFile);
    QObject::connect(&runner, &ScreenshotRunner::finished, qApp, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    const QString link = options.link;
    QMetaObject::invokeMethod(
        &runner, [&runner, link] { runner.start(link); }, Qt::QueuedConnection);
    return QCoreApplication::exec();
}

int runWindow(const AppOptions &options, const BmcSession::Options &sessionOptions) {
    if (!options.link.isEmpty()) {
        int code = kExitOther;
        if (!createSession(options, sessionOptions, &code))
            return code;
    }
    QString noSocket;
    SingleInstance instance(SingleInstance::defaultServerName(&noSocket));
    if (instance.serverName().isEmpty()) {
        QTextStream(stderr) << QCoreApplication::translate(
                                   "app::AppMain",
                                   "pmproxy: cannot take links from other pmproxy processes: %1")
                                   .arg(noSocket)
                            << Qt::endl;
    } else if (instance.handOver(options.link, 3000)) {
        return kExitOk; // the running window opens the link
    } else if (!instance.listen()) {
        // Another instance appeared meanwhile, or the socket cannot be created: give it
        // one more chance, then run on our own rather than not at all.
        if (instance.handOver(options.link, 3000))
            return kExitOk;
        QTextStream(stderr) << QCoreApplication::translate(
                                   "app::AppMain",
                                   "pmproxy: cannot take links from other pmproxy processes: %1")
                                   .arg(instance.errorString())
                            << Qt::endl;
    }

    MainWindow window(sessionOptions);
    QObject::connect(&window, &MainWindow::tabOpened, &window,
                     [](SessionTab *tab) { testEvent(u"opened tab "_s + tab->title()); });
    QObject::connect(&window, &MainWindow::linkRefused, &window,
                     [](const QString &title) { testEvent(u"refused link: "_s + title); });
    QObject::connect(&instance, &SingleInstance::linkReceived, &window,
                     [&window](const QString &link) {
                         if (!link.isEmpty())
                             window.openLink(link);
                         window.bringToFront();
                     });
    // SIGINT/SIGTERM close the window like its close button: sessions stop, profiles go.
    pc::UnixSignalWatcher signals;
    QObject::connect(&signals, &pc::UnixSignalWatcher::terminationRequested, &window,
                     [] { QCoreApplication::quit(); });
    window.show();
    if (!options.link.isEmpty())
        window.openLink(options.link);
    testEvent(u"ready"_s);
    return QApplication::exec();
}

bool hasDisplay() {
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
           qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

void prepareWebEngine(bool offscreen) {
    if (offscreen && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Chromium refuses to run its sandbox as root.
    if (::geteuid() == 0 && !qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
}

} // namespace

int runApp(int &argc, char **argv) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    // A first look, before any application object exists, decides which one to create.
    const AppCommandLine::Result first = AppCommandLine::parse(arguments);
    const bool widgets = AppCommandLine::needsWidgets(first);
    const bool screenshot = first.options.mode == AppOptions::Mode::Screenshot;
    if (widgets && !screenshot && !hasDisplay()) {
        QTextStream(stderr) << "pmproxy: no display (DISPLAY, WAYLAND_DISPLAY); use "
                               "--headless LINK to serve a browser instead."
                            << Qt::endl;
        return kExitOther;
    }
    if (widgets)
        prepareWebEngine(screenshot);
    std::unique_ptr<QCoreApplication> application;
    if (widgets)
        application = std::make_unique<QApplication>(argc, argv);
    else
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(u"pmproxy"_s);
    QCoreApplication::setApplicationVersion(pc::productVersion());
    AppTranslator::install(*application);

    // Again, now with translated texts.
    const AppCommandLine::Result cmd = AppCommandLine::parse(arguments);
    switch (cmd.action) {
    case AppCommandLine::Action::ShowHelp:
    case AppCommandLine::Action::ShowVersion:
        QTextStream(stdout) << cmd.text;
        return kExitOk;
    case AppCommandLine::Action::Error:
        QTextStream(stderr) << cmd.text;
        return cmd.exitCode;
    case AppCommandLine::Action::Run:
        break;
    }

    BmcSession::Options sessionOptions;
    sessionOptions.gateways = GatewayPolicy::load();
    if (!cmd.options.gatewayCaFile.isEmpty()) {
        auto certificates = GatewayCaFile::load(cmd.options.gatewayCaFile);
        if (!certificates)
            return fail(kExitUsage, certificates.error());
        sessionOptions.gatewayCa = *certificates;
    }
    switch (cmd.options.mode) {
    case AppOptions::Mode::Headless:
        return runHeadless(cmd.options, sessionOptions);
    case AppOptions::Mode::Screenshot:
        return runScreenshot(cmd.options, sessionOptions);
    case AppOptions::Mode::Window:
        break;
    }
    return runWindow(cmd.options, sessionOptions);
}

} // namespace app
