#pragma once

// A browser's walk through one emulated BMC: the login page, the login, an authenticated
// API call, the console launch and the console WebSocket with the platform's handshake.
// It talks to whatever stands in front of the BMC (gatewayd, a naive relay) the way a
// browser would: Host is the front's, Origin on POSTs and WebSocket upgrades, Referer of
// the current page, cookies from the jar. It stops at the first step that fails and says
// which, with the emulator's refusal, so one walk serves both as proof that the gateway
// works and as proof that a pass-through does not.

#include "simclient.h"

#include <QString>
#include <memory>

namespace flowtest {

struct FlowOutcome {
    QString failedStep; // empty: every step passed and `console` is streaming
    int status = 0;     // of the failed step's response (0: none)
    QString refusal;    // the emulator's refusal name, when it gave one
    std::unique_ptr<bmcsim::test::ConsoleProbe> console;

    bool ok() const { return failedStep.isEmpty(); }
    std::string describe() const;
};

// PLATFORM is a token platform name (idrac9, idrac8, ilo5, asrockrack, generic).
// ENTRY, when not empty, is the path opened first ("/gpsession?token=..." on the gateway,
// the loopback proxy's entry URL), which must redirect and set cookie ENTRYCOOKIE.
// BMCORIGIN, when not empty (e.g. "https://127.0.0.1:40123"), must appear in no response
// body (as decoded by the client): the walk fails at the step "no response names the BMC".
FlowOutcome walkPlatform(const QString &platform, const bmcsim::test::Endpoint &front,
                         const QByteArray &entry = {}, const QByteArray &entryCookie = "pm-session",
                         const QByteArray &bmcOrigin = {});

} // namespace flowtest
