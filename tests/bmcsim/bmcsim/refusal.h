#pragma once

// The names of the checks an emulated BMC refuses requests for. Each refusal is logged
// (CheckLog) and answered with {"bmcsim_refused": "<name>", "detail": "..."} — or, where
// the real BMC accepts a WebSocket and drops it, used as the close reason — so a test
// can tell which rule a proxy broke.

#include <QLatin1StringView>

namespace bmcsim::refusal {

// Addressing (platform rules: iDRAC8/9, iLO5)
inline constexpr QLatin1StringView HostMismatch("host-mismatch");       // 403
inline constexpr QLatin1StringView OriginMismatch("origin-mismatch");   // 403 / WS close
inline constexpr QLatin1StringView RefererMismatch("referer-mismatch"); // 403
inline constexpr QLatin1StringView GzipRequired("gzip-required");       // 404, iDRAC9 /restgui/

// Sessions and CSRF tokens
inline constexpr QLatin1StringView SessionCookieMissing("session-cookie-missing"); // 401
inline constexpr QLatin1StringView SessionInvalid("session-invalid");              // 401
inline constexpr QLatin1StringView CsrfHeaderMissing("csrf-header-missing");       // 401
inline constexpr QLatin1StringView CsrfHeaderMismatch("csrf-header-mismatch");     // 401
inline constexpr QLatin1StringView XAuthTokenMissing("x-auth-token-missing");      // 401, Redfish
inline constexpr QLatin1StringView XAuthTokenInvalid("x-auth-token-invalid");      // 401, Redfish

// Logins
inline constexpr QLatin1StringView BadCredentials("bad-credentials");            // 401
inline constexpr QLatin1StringView LoginHeaderUnquoted("login-header-unquoted"); // 401, iDRAC9
inline constexpr QLatin1StringView LoginFieldOrder("login-field-order");         // 400, iDRAC8
inline constexpr QLatin1StringView BadLoginRequest("bad-login-request");         // 400, iLO5

// Console WebSockets
inline constexpr QLatin1StringView WebSocketPath("websocket-path");                   // 404
inline constexpr QLatin1StringView ConnectionUpgradeCase("connection-upgrade-case");  // 400, iLO5
inline constexpr QLatin1StringView VckMissing("vck-missing");                         // 502, iDRAC9
inline constexpr QLatin1StringView VckUnknown("vck-unknown");                         // WS close
inline constexpr QLatin1StringView Vcsid2Mismatch("vcsid2-mismatch");                 // WS close
inline constexpr QLatin1StringView IloSessionKeyMismatch("ilo-session-key-mismatch"); // WS close
inline constexpr QLatin1StringView KvmTokenMissing("kvm-token-missing");   // WS close, ASRockRack
inline constexpr QLatin1StringView KvmTokenMismatch("kvm-token-mismatch"); // WS close, ASRockRack
inline constexpr QLatin1StringView WsSubprotocolToken("ws-subprotocol-token"); // 401, generic
inline constexpr QLatin1StringView PipelinedUpgrade("pipelined-upgrade");      // 400

// HTTP itself
inline constexpr QLatin1StringView BadRequest("bad-request");      // 400 and others from the parser
inline constexpr QLatin1StringView HeadTooLarge("head-too-large"); // 431
inline constexpr QLatin1StringView BodyTooLarge("body-too-large"); // 413, login bodies
inline constexpr QLatin1StringView BadSize("bad-size");            // 400, /vmedia/download

} // namespace bmcsim::refusal
