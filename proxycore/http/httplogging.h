#pragma once

#include <QLoggingCategory>

namespace pc {

// Logging category of the HTTP/1.1 module: "pmproxy.http".
Q_DECLARE_LOGGING_CATEGORY(lcHttp)

} // namespace pc
