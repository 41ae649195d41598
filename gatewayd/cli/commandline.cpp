#include "cli/commandline.h"

#include "agent/agentcommand.h"
#include "cli/output.h"
#include "cli/tokencommands.h"
#include "config/configloader.h"
#include "daemon/controlplane.h"
#include "util/unixsignalwatcher.h"
#include "util/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

const auto kUsage = uR"(Usage:
  gatewayd [serve] --config FILE     run the gateway daemon
  gatewayd token mint --key FILE [--alg ALG] [--kid KID] --ip IP --upstream HOST[:PORT]
                      [--port N] [--platform P] [--agent ID] [--ttl SECONDS] [--sub S]
  gatewayd token verify --key FILE TOKEN
  gatewayd agent --gateway wss://HOST[:PORT] [--gateway ...] --id ID --secret-file FILE
                 --allow CIDR [--allow ...] [--ca FILE] [--publish URL]
                                     run an agent inside a BMC network (agent --help)
  gatewayd --version | --help
)"_s;

// Loads the configuration, starts listening, and serves until SIGINT/SIGTERM.
int runDaemon(const QString &configPath) {
    auto config = ConfigLoader::fromFile(configPath);
    if (!config) {
        err() << "gatewayd: " << config.error().toString() << Qt::endl;
        return ExitUsage;
    }
    auto plane = ControlPlane::start(configPath, *config);
    if (!plane) {
        err() << "gatewayd: " << configPath << ": " << plane.error() << Qt::endl;
        return ExitUsage;
    }
    ControlPlane *running = plane->get();
    pc::UnixSignalWatcher signals;
    QObject::connect(&signals, &pc::UnixSignalWatcher::terminationRequested,
                     QCoreApplication::instance(), [running](int) {
                         // Traffic counted so far, in-flight transfers included, is
                         // written before the event loop ends.
                         running->shutdown();
                         QCoreApplication::quit();
                     });
    // Scripts and tests read the bound ports (listen.* may use port 0) from here.
    out() << "gatewayd listening on public " << running->publicAddress() << Qt::endl;
    if (!running->apiAddress().isEmpty())
        out() << "gatewayd listening on api " << running->apiAddress() << Qt::endl;
    if (!running->httpAddress().isEmpty())
        out() << "gatewayd listening on http " << running->httpAddress() << Qt::endl;
    return QCoreApplication::exec();
}

int runServe(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(u"pmproxy gateway daemon"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({u"config"_s, u"Configuration file (JSON)."_s, u"FILE"_s});
    if (!parser.parse(args)) {
        err() << "gatewayd: " << parser.errorText() << Qt::endl << kUsage;
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        out() << kUsage;
        return ExitOk;
    }
    if (parser.isSet(u"version"_s)) {
        out() << "gatewayd " << pc::productVersion() << Qt::endl;
        return ExitOk;
    }
    if (!parser.isSet(u"config"_s)) {
        err() << "gatewayd: --config FILE is required" << Qt::endl << kUsage;
        return ExitUsage;
    }
    return runDaemon(parser.value(u"config"_s));
}

} // namespace

int runCommandLine(QCoreApplication &app) {
    QCoreApplication::setApplicationName(u"gatewayd"_s);
    QCoreApplication::setApplicationVersion(pc::productVersion());
    QStringList args = app.arguments();
    const QString command = args.size() > 1 ? args.at(1) : QString();

    if (command == u"token")
        return runTokenCommand(args.mid(2));
    if (command == u"agent")
        return runAgentCommand(args.mid(2));
    if (command == u"serve")
        args.removeAt(1);
    else if (!command.isEmpty() && !command.startsWith(u'-')) {
        err() << "gatewayd: unknown command '" << command << "'" << Qt::endl << kUsage;
        return ExitUsage;
    }
    return runServe(args);
}

} // namespace gw
