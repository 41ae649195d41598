#include "agent/agentcommand.h"

#include "agent/agentoptions.h"
#include "agent/agentrunner.h"
#include "cli/commandline.h"
#include "cli/output.h"
#include "util/unixsignalwatcher.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace gw {

int runAgentCommand(const QStringList &args) {
    if (args.contains(u"--help"_s) || args.contains(u"-h"_s)) {
        out() << AgentOptions::usage();
        return ExitOk;
    }
    auto options = AgentOptions::parse(args);
    if (!options) {
        err() << "gatewayd agent: " << options.error() << Qt::endl;
        return ExitUsage;
    }
    const auto shared = std::make_shared<const AgentOptions>(std::move(*options));
    AgentRunner service(shared);
    pc::UnixSignalWatcher signals;
    QObject::connect(&signals, &pc::UnixSignalWatcher::terminationRequested, &service,
                     [&service](int) { service.drain(); });
    QObject::connect(&service, &AgentRunner::finished, QCoreApplication::instance(),
                     [] { QCoreApplication::exit(ExitOk); });
    service.start();
    out() << "gatewayd agent " << shared->id << " dialing " << shared->gateways.size()
          << (shared->gateways.size() == 1 ? " gateway" : " gateways") << Qt::endl;
    return QCoreApplication::exec();
}

} // namespace gw
