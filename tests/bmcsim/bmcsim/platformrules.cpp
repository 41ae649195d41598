#include "bmcsim/platformrules.h"

using namespace Qt::StringLiterals;

namespace bmcsim {

namespace {

// iDRAC9: Apache in front of an AngularJS GUI; Host/Origin/Referer checked, /restgui/
// needs gzip, GET / redirects absolutely to the Host header; console on 443 at
// /vnc/vconsole with subprotocol `binary` (bmc-quirks §2).
const PlatformRules kIdrac9{
    .platform = Platform::Idrac9,
    .defaultUser = u"root"_s,
    .defaultPassword = u"calvin"_s,
    .checkHost = true,
    .checkOrigin = true,
    .checkReferer = true,
    .gzipOnlyPrefix = "/restgui/",
    .sessionCookie = "-http-session-",
    .cookieDomain = false,
    .loginPage = "/restgui/start.html",
    .root = RootBehaviour::AbsoluteRedirect,
    .assetPrefix = "/restgui/js/",
    .pageHeaders = {{"Strict-Transport-Security", "max-age=63072000"},
                    {"X-Frame-Options", "SAMEORIGIN"},
                    {"X-Content-Type-Options", "nosniff"},
                    {"Content-Security-Policy",
                     "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' "
                     "'unsafe-inline'; object-src 'none'; connect-src 'self' wss:"}},
    .consolePath = "/vnc/vconsole",
    .consoleSubprotocols = {u"binary"_s},
    .upgradeNeedsExactConnectionUpgrade = false,
    .upgradeNeedsOrigin = false,
    .originFailureClosesSocket = false,
};

// iDRAC8: /data/login form, XML answer with ST1/ST2; Host/Referer checked. The real
// HTML5 console listens on 5900 (`/vkvm/`, lws-dvc-protocol); the emulator keeps it on
// its one port so a single listener serves everything (bmc-quirks §1.3).
const PlatformRules kIdrac8{
    .platform = Platform::Idrac8,
    .defaultUser = u"root"_s,
    .defaultPassword = u"calvin"_s,
    .checkHost = true,
    .checkOrigin = true,
    .checkReferer = true,
    .gzipOnlyPrefix = {},
    .sessionCookie = "-http-session-",
    .cookieDomain = true,
    .loginPage = "/login.html",
    .root = RootBehaviour::AbsoluteRedirect,
    .assetPrefix = "/js/",
    .pageHeaders = {},
    .consolePath = "/vkvm/",
    .consoleSubprotocols = {u"lws-dvc-protocol"_s},
    .upgradeNeedsExactConnectionUpgrade = false,
    .upgradeNeedsOrigin = false,
    .originFailureClosesSocket = false,
};

// iLO5: JSON login, sessionKey cookie (nginx guides rewrite its Domain), Redfish needs
// X-Auth-Token, console at /wss/ircport without subprotocol and only with
// `Connection: Upgrade` spelt exactly so; Origin must be the BMC's; nginx guides set
// Host to the BMC's, so Host is checked too (bmc-quirks §3).
const PlatformRules kIlo5{
    .platform = Platform::Ilo5,
    .defaultUser = u"Administrator"_s,
    .defaultPassword = u"password"_s,
    .checkHost = true,
    .checkOrigin = true,
    .checkReferer = false,
    .gzipOnlyPrefix = {},
    .sessionCookie = "sessionKey",
    .cookieDomain = true,
    .loginPage = "/index.html",
    .root = RootBehaviour::ServeLoginPage,
    .assetPrefix = "/js/",
    .pageHeaders = {{"X-Frame-Options", "sameorigin"}},
    .consolePath = "/wss/ircport",
    .consoleSubprotocols = {},
    .upgradeNeedsExactConnectionUpgrade = true,
    .upgradeNeedsOrigin = false,
    .originFailureClosesSocket = false,
};

// ASRockRack (MegaRAC SP-X): /api/session form, QSESSIONID + X-CSRFTOKEN; the KVM
// WebSocket /kvm (binary, base64) closes at once unless Origin names the BMC (§4).
const PlatformRules kAsrockRack{
    .platform = Platform::AsrockRack,
    .defaultUser = u"admin"_s,
    .defaultPassword = u"admin"_s,
    .checkHost = false,
    .checkOrigin = false,
    .checkReferer = false,
    .gzipOnlyPrefix = {},
    .sessionCookie = "QSESSIONID",
    .cookieDomain = false,
    .loginPage = "/index.html",
    .root = RootBehaviour::ServeLoginPage,
    .assetPrefix = "/js/",
    .pageHeaders = {},
    .consolePath = "/kvm",
    .consoleSubprotocols = {u"binary"_s, u"base64"_s},
    .upgradeNeedsExactConnectionUpgrade = false,
    .upgradeNeedsOrigin = true,
    .originFailureClosesSocket = true,
};

// Generic (OpenBMC bmcweb): Redfish session login, SESSION + XSRF-TOKEN cookies,
// KVM at /kvm/0 with the XSRF token as the subprotocol (§6). Proxy-friendly otherwise.
const PlatformRules kGeneric{
    .platform = Platform::Generic,
    .defaultUser = u"root"_s,
    .defaultPassword = u"0penBmc"_s,
    .checkHost = false,
    .checkOrigin = false,
    .checkReferer = false,
    .gzipOnlyPrefix = {},
    .sessionCookie = "SESSION",
    .cookieDomain = false,
    .loginPage = "/index.html",
    .root = RootBehaviour::ServeLoginPage,
    .assetPrefix = "/js/",
    .pageHeaders = {},
    .consolePath = "/kvm/0",
    .consoleSubprotocols = {}, // the session's XSRF token, decided per request
    .upgradeNeedsExactConnectionUpgrade = false,
    .upgradeNeedsOrigin = false,
    .originFailureClosesSocket = false,
};

} // namespace

const PlatformRules &rulesFor(Platform platform) {
    switch (platform) {
    case Platform::Idrac9:
        return kIdrac9;
    case Platform::Idrac8:
        return kIdrac8;
    case Platform::Ilo5:
        return kIlo5;
    case Platform::AsrockRack:
        return kAsrockRack;
    case Platform::Generic:
        break;
    }
    return kGeneric;
}

} // namespace bmcsim
