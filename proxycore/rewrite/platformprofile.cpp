#include "rewrite/platformprofile.h"

// The five profiles. Facts are cited as bmc-quirks.md section [C]onfirmed/[I]nferred
// (shared/reference/bmc-quirks.md). Rules every profile has ("the basics"):
//
// - Host = BMC authority, Origin/Referer from the public origin to the BMC origin:
//   iDRAC8/9 check Host, Origin and Referer (§2.2 PANG; bmcsim), iLO's relays set Origin
//   to the BMC (§3.2 [I] ILORS), SP-X checks Origin on /kvm (§4.2 [C] OVH), checklist
//   §7.4. A foreign Referer is dropped rather than forwarded: the first request after
//   /gpsession carries the portal's address, which a Referer-checking BMC refuses.
//   A foreign Origin is kept so that the BMC's own CSRF check still refuses it.
// - Location/Content-Location naming the BMC → the public origin: iDRAC9 builds Location
//   from Host (§2.2 [C] PANG), KS rewrites absolute Location (§2.5, §7.1 [C]).
//   Root-relative locations already work at the gateway's root and are left alone.
// - Set-Cookie: Domain dropped (nginx proxy_cookie_domain, §3.5/§7.2 [C] ILONGX; bmcsim
//   iDRAC8 and iLO5 send Domain=<bmc>), Secure only over https (§7.2), the gateway's
//   pm-session never settable by a BMC.
// - Strict-Transport-Security dropped: iDRAC9 sends max-age=63072000, some firmware with
//   includeSubDomains; preload (§2.2 [C] DSCAN/PANG). Through the gateway it would pin
//   the gateway's host and every subdomain of it to the BMC's policy; the gateway sets
//   its own. Alt-Svc dropped likewise: it would advertise the BMC's alternatives as the
//   gateway's. X-Frame-Options and CSP are kept: the UI is the top-level document at the
//   gateway's origin (no iframe), so 'self' and SAMEORIGIN still hold (§7.9 not needed).
// - The WebSocket upgrade's Connection value is spelt "Upgrade" (what browsers send);
//   iLO5 needs exactly that spelling (§3.2 [C] ILONGX, §7.7).
// - X-Forwarded-For/-Proto/-Host.

namespace pc {

namespace {

const QList<QByteArray> kUrlHeaders = {QByteArrayLiteral("Location"),
                                       QByteArrayLiteral("Content-Location")};
const QList<QByteArray> kDropHeaders = {QByteArrayLiteral("Strict-Transport-Security"),
                                        QByteArrayLiteral("Alt-Svc")};

// Text bodies worth scanning; gzip/deflate ones are decoded first (ResponseRewriter), and
// Accept-Encoding is narrowed to those codings for every profile with body rules.
const QList<QByteArray> kTextTypes = {QByteArrayLiteral("text/html"),
                                      QByteArrayLiteral("application/xhtml+xml"),
                                      QByteArrayLiteral("application/json"),
                                      QByteArrayLiteral("application/javascript"),
                                      QByteArrayLiteral("application/x-javascript"),
                                      QByteArrayLiteral("text/javascript"),
                                      QByteArrayLiteral("text/xml"),
                                      QByteArrayLiteral("application/xml"),
                                      QByteArrayLiteral("text/css")};

const QList<BodyLiteral> kAbsoluteUrls = {BodyLiteral::HttpsOrigin, BodyLiteral::WssOrigin,
                                          BodyLiteral::JsonEscapedOrigins};

ResponseRules basicResponse() {
    return ResponseRules{
        .urlHeaders = kUrlHeaders, .hostOnlyCookies = true, .dropHeaders = kDropHeaders};
}

// generic (OpenBMC bmcweb/webui-vue, §6): builds its URLs from window.location.host,
// so it is proxy-friendly at the root; the basics only, bodies untouched.
PlatformProfile makeGeneric() {
    PlatformProfile p;
    p.platform = Platform::Generic;
    p.response = basicResponse();
    return p;
}

// iDRAC8 (§1): Host/Referer checked like iDRAC9 (bmcsim), Domain=<bmc> on the session
// cookie (bmcsim), Location like iDRAC9 (§1.2 [I]). Absolute URLs in bodies rewritten as
// for the other Dell UI ([I], same firmware lineage, §7.5). No console parameters: its
// HTML5 console is on port 5900 (§1.3), which this rewriting cannot move.
PlatformProfile makeIdrac8() {
    PlatformProfile p;
    p.platform = Platform::Idrac8;
    p.response = basicResponse();
    p.body = BodyRules{.contentTypes = kTextTypes, .literals = kAbsoluteUrls};
    return p;
}

// iDRAC9 (§2):
// - /restgui/ static files exist only gzip-compressed: without Accept-Encoding: gzip they
//   are 404 (§2.2 [C] DSPEC §5.4, DSCAN; KS forces "gzip, deflate").
// - GET /sysmgmt/2015/server/vconsole answers JSON {"Location":
//   "https://<ip>:443/restgui/vconsole/index.html?ip=<ip>&kvmport=443&..."} (§2.3 [C]
//   DSPEC §6); the viewer opens its WebSocket at ip/kvmport (§2.3 [I]), so both the
//   absolute URL and ip=/kvmport= must name the gateway (§7.5).
// - Absolute https:// and wss:// URLs, also JSON-escaped, as PHPX rewrites (§2.5 [C]).
PlatformProfile makeIdrac9() {
    PlatformProfile p;
    p.platform = Platform::Idrac9;
    p.request.gzipPathPrefixes = {QByteArrayLiteral("/restgui/")};
    p.response = basicResponse();
    p.body =
        BodyRules{.contentTypes = kTextTypes,
                  .literals = kAbsoluteUrls + QList<BodyLiteral>{BodyLiteral::ConsoleIpParam,
                                                                 BodyLiteral::ConsolePortParam}};
    return p;
}

// iLO5 (§3):
// - sessionKey cookie = session key; REST/JSON calls authenticate with X-Auth-Token
//   (§3.1 [C] HSPEC §4.1, PHPX injects it into all fetch/XHR); bmcsim's Redfish refuses
//   the cookie alone. Paths: /redfish/, /rest/, /json/ (§3.2 [C] PHPX, ILOPY).
// - Connection: Upgrade with a capital U on /wss/ircport (§3.2 [C] ILONGX): the default.
// - Pages and JSON embed absolute https://<bmc>/ URLs (§3.2 [C] PHPX).
PlatformProfile makeIlo5() {
    PlatformProfile p;
    p.platform = Platform::Ilo5;
    p.request.cookieToHeader = {CookieToHeaderRule{.cookie = QByteArrayLiteral("sessionKey"),
                                                   .header = QByteArrayLiteral("X-Auth-Token"),
                                                   .pathPrefixes = {QByteArrayLiteral("/redfish/"),
                                                                    QByteArrayLiteral("/rest/"),
                                                                    QByteArrayLiteral("/json/")}}};
    p.request.upgradeConnection = QByteArrayLiteral("Upgrade");
    p.response = basicResponse();
    p.body = BodyRules{.contentTypes = kTextTypes, .literals = kAbsoluteUrls};
    return p;
}

// ASRockRack / MegaRAC SP-X (§4): the /kvm WebSocket (also /kvm/video, CAP) closes at
// once unless Origin is the BMC's origin (§4.2 [C] OVH): the basics rewrite the
// browser's Origin, and an upgrade without any Origin gets the BMC's. No body rules:
// nothing known embeds the BMC's address in a URL the browser follows.
PlatformProfile makeAsrockRack() {
    PlatformProfile p;
    p.platform = Platform::AsrockRack;
    p.request.originOnUpgradePrefixes = {QByteArrayLiteral("/kvm")};
    p.response = basicResponse();
    return p;
}

} // namespace

const PlatformProfile &PlatformProfile::forPlatform(Platform platform) {
    static const PlatformProfile generic = makeGeneric();
    static const PlatformProfile idrac8 = makeIdrac8();
    static const PlatformProfile idrac9 = makeIdrac9();
    static const PlatformProfile ilo5 = makeIlo5();
    static const PlatformProfile asrockRack = makeAsrockRack();
    switch (platform) {
    case Platform::Idrac8:
        return idrac8;
    case Platform::Idrac9:
        return idrac9;
    case Platform::Ilo5:
        return ilo5;
    case Platform::AsrockRack:
        return asrockRack;
    case Platform::Generic:
        break;
    }
    return generic;
}

} // namespace pc
