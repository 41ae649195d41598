#pragma once

#include <QStringList>

namespace gw {

// `gatewayd agent ...` (PRODUCT.md §3): ARGS are the arguments after "agent". Runs the
// agent until SIGTERM/SIGINT (exit 0); bad arguments print one line and exit 2.
int runAgentCommand(const QStringList &args);

} // namespace gw
