#pragma once

class QCoreApplication;

namespace gw {

// Exit codes of gatewayd's command line.
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1,
    ExitUsage = 2,        // bad arguments, bad key or config file, bad or refused token
    ExitTokenExpired = 3, // `token verify` of an expired token
};

// Dispatches `gatewayd [serve] --config FILE`, `gatewayd token mint|verify ...`,
// `--version` and `--help`; returns the process exit code.
int runCommandLine(QCoreApplication &app);

} // namespace gw
