#pragma once

#include <QLoggingCategory>

// The token module's one logging category. Never log a token, a secret or key material:
// log reason codes, key ids, algorithm names and file paths only.
Q_DECLARE_LOGGING_CATEGORY(lcToken)
