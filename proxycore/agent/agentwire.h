#pragma once

#include <QByteArray>
#include <QString>

namespace pc::agentwire {

// The fixed names of the agent protocol (docs/agents-protocol.md).
inline constexpr char kPath[] = "/.pmproxy/agent";
inline constexpr char kPublishHeader[] = "Pm-Agent-Publish";
inline constexpr char kConnectMethod[] = "CONNECT";
inline constexpr char kPublishedTarget[] = "published";
inline constexpr char kTlsHeader[] = "Pm-Tls";
inline constexpr char kTimeoutHeader[] = "Pm-Connect-Timeout-Ms";
inline constexpr char kErrorHeader[] = "Pm-Error";
inline constexpr char kDetailHeader[] = "Pm-Detail";

// Pm-Tls values.
inline constexpr char kTlsNone[] = "none";
inline constexpr char kTlsSystem[] = "system";
inline constexpr char kTlsPlain[] = "plain";
inline constexpr char kTlsPinPrefix[] = "pin-sha256=";

// "10.0.0.5:443", "[fd00::5]:443", "bmc.example:443": a CONNECT target.
QByteArray connectTarget(const QString &host, quint16 port);
// The reverse; false when TARGET is not HOST:PORT with a port in 1..65535.
bool parseConnectTarget(const QByteArray &target, QString *host, quint16 *port);

} // namespace pc::agentwire
