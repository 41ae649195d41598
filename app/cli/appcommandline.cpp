#include "cli/appcommandline.h"

#include "cli/exitcode.h"
#include "util/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace app {

AppCommandLine::Result AppCommandLine::error(const QString &message) {
    Result r;
    r.action = Action::Error;
    r.text = u"pmproxy: "_s + message + u'\n' + tr("Try 'pmproxy --help' for the options.") + u'\n';
    r.exitCode = kExitUsage;
    return r;
}

AppCommandLine::Result AppCommandLine::parse(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Opens a BMC's web UI and virtual console from a gpsession link.\n"
           "LINK is pmproxy://gpsession?token=JWT, https://GATEWAY/gpsession?token=JWT "
           "or a bare JWT.\n"
           "Exit codes: 0 ok, 2 bad link or token, 3 token expired, 4 gateway unreachable "
           "or refused the token, 1 anything else."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption headless(
        u"headless"_s, tr("No window: print the local URL to open in any browser as the first "
                          "line on stdout and serve until SIGINT/SIGTERM or token expiry."));
    const QCommandLineOption screenshot(
        u"screenshot"_s,
        tr("Open LINK offscreen, wait until the page has loaded (and a console shows its "
           "first frame), save a PNG of the window to FILE and exit."),
        tr("FILE"));
    const QCommandLineOption gatewayCa(
        u"gateway-ca"_s,
        tr("Trust the CA or certificate in FILE (PEM or DER) for the gateway, besides the "
           "system store."),
        tr("FILE"));
    parser.addOption(headless);
    parser.addOption(screenshot);
    parser.addOption(gatewayCa);
    parser.addPositionalArgument(
        u"LINK"_s, tr("gpsession link; a second pmproxy LINK opens it in the running window."),
        tr("[LINK]"));

    if (!parser.parse(arguments))
        return error(parser.errorText());

    Result r;
    if (parser.isSet(help)) {
        r.action = Action::ShowHelp;
        // helpText() names the program from the application object's arguments.
        if (QCoreApplication::instance())
            r.text = parser.helpText();
        return r;
    }
    if (parser.isSet(version)) {
        r.action = Action::ShowVersion;
        r.text = u"pmproxy "_s + pc::productVersion() + u'\n';
        return r;
    }

    const QStringList links = parser.positionalArguments();
    if (links.size() > 1)
        return error(tr("Give one link at a time (got %1 arguments).").arg(links.size()));
    r.options.link = links.value(0);
    r.options.gatewayCaFile = parser.value(gatewayCa);
    if (parser.isSet(gatewayCa) && r.options.gatewayCaFile.isEmpty())
        return error(tr("--gateway-ca needs a file name."));

    if (parser.isSet(headless) && parser.isSet(screenshot))
        return error(tr("--headless and --screenshot cannot be combined."));
    if (parser.isSet(headless)) {
        r.options.mode = AppOptions::Mode::Headless;
        if (r.options.link.isEmpty())
            return error(tr("--headless needs a LINK."));
    } else if (parser.isSet(screenshot)) {
        r.options.mode = AppOptions::Mode::Screenshot;
        r.options.screenshotFile = parser.value(screenshot);
        if (r.options.screenshotFile.isEmpty())
            return error(tr("--screenshot needs a file name."));
        if (r.options.link.isEmpty())
            return error(tr("--screenshot needs a LINK."));
    }
    return r;
}

bool AppCommandLine::needsWidgets(const Result &result) {
    return result.action == Action::Run && result.options.mode != AppOptions::Mode::Headless;
}

} // namespace app
