#pragma once

#include <QLoggingCategory>

namespace gw {

// Logging category "pmproxy.agent": `gatewayd agent` (links to gateways, streams).
// Never logs the secret or a proof.
Q_DECLARE_LOGGING_CATEGORY(lcAgent)

} // namespace gw
