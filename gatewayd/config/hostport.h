#pragma once

#include "util/expected.h"

#include <QHostAddress>
#include <QString>
#include <QStringView>
#include <optional>

namespace gw {

// An IP address with an optional port: "10.0.0.1", "10.0.0.1:443", "::1", "[::1]:443".
// Used for listen addresses (port required; 0 lets the OS pick, for tests) and for
// targets.pins keys (port optional). Host names are not accepted: a listener binds an
// address and a pin names the address a connection actually went to.
class HostPort {
public:
    enum class Port { Required, Optional };

    // The error is a problem description for ConfigError (no key).
    static pc::Expected<HostPort, QString> parse(QStringView text, Port port);

    // Canonical text that parse() reads back: "10.0.0.1:443", "[::1]:443", "::1".
    QString toString() const;

    QHostAddress address;
    std::optional<quint16> port;

    bool operator==(const HostPort &) const = default;
};

} // namespace gw
