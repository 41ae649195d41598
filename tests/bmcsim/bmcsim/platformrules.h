#pragma once

// What each emulated BMC checks and how it names things, as one table of data
// (../../shared/reference/bmc-quirks.md holds the facts and their sources). The
// personalities read these rules; the routes that differ in shape live in code.

#include "bmcsim/platform.h"
#include "http/httpheaders.h"

#include <QByteArray>
#include <QStringList>

namespace bmcsim {

enum class RootBehaviour {
    ServeLoginPage,   // GET / answers the login page itself
    AbsoluteRedirect, // GET / → 302 Location: https://<Host header>/<loginPage>
};

struct PlatformRules {
    Platform platform;
    QString defaultUser;
    QString defaultPassword;

    // Checks made on every request before it is routed.
    bool checkHost;    // Host must be the BMC's own authority                → host-mismatch
    bool checkOrigin;  // Origin, when present, must be the BMC origin       → origin-mismatch
    bool checkReferer; // Referer, when present, must be below the BMC origin → referer-mismatch
    QByteArray gzipOnlyPrefix; // static files below need Accept-Encoding: gzip → gzip-required

    // The web session.
    QByteArray sessionCookie;
    bool cookieDomain; // Set-Cookie carries Domain=<bmc host>: the gateway must rewrite it

    // Pages.
    QByteArray loginPage;
    RootBehaviour root;
    QByteArray assetPrefix;      // where the shared console.js/bmcsim.js/style.css are served
    pc::HttpHeaders pageHeaders; // sent with every static page

    // The console WebSocket.
    QByteArray consolePath;
    QStringList consoleSubprotocols;         // the one the server selects first; empty: none
    bool upgradeNeedsExactConnectionUpgrade; // `Connection: Upgrade` byte for byte (iLO5)
    bool upgradeNeedsOrigin;        // Origin must be present and match, even on WS (ASRockRack)
    bool originFailureClosesSocket; // accept the upgrade, then close it at once
};

const PlatformRules &rulesFor(Platform platform);

} // namespace bmcsim
