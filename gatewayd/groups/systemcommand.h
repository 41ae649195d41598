#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace gw {

// Runs one of the standard network tools (ip, wg) and waits for it: node groups are
// configured when a configuration is applied, never per connection. No secret is ever
// an argument (WireGuard private keys go by file path).
class SystemCommand {
public:
    // Its standard output; the error names the command and holds what it printed on
    // standard error (or why it did not run).
    static pc::Expected<QByteArray, QString> run(const QString &program, const QStringList &args,
                                                 int timeoutMs = 10000);
    // PROGRAM's path in /usr/sbin, /usr/bin, /sbin or /bin (never PATH); empty when not
    // installed.
    static QString locate(const QString &program);
    // For QProcess::setChildProcessModifier: marks every descriptor above standard
    // error close-on-exec, so that no socket or file of gatewayd's reaches the tools.
    static void closeInheritedDescriptors();
};

} // namespace gw
