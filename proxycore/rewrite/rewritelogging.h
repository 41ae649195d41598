#pragma once

#include <QLoggingCategory>

namespace pc {

// Logging category of the rewriting module: "pmproxy.rewrite", info and up by default
// (QT_LOGGING_RULES="pmproxy.rewrite.debug=true" shows each rule applied). Messages name
// rules and header names only, never header values (cookies, tokens, console keys in
// URLs).
Q_DECLARE_LOGGING_CATEGORY(lcRewrite)

} // namespace pc
