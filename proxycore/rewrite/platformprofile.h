#pragma once

#include "token/platform.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace pc {

// The rules that make one BMC platform accept proxied traffic, as data (PRODUCT.md §7).
// RequestRewriter, ResponseRewriter and BodyPatterns interpret them; platformprofile.cpp
// holds the five profiles with the bmc-quirks.md fact behind each rule.
//
// Path prefixes match the request target's path byte for byte ("/restgui/" matches
// "/restgui/start.html"; "/kvm" matches "/kvm" and "/kvm/video").

// Copy a cookie of the request into a header, for requests below some path prefixes,
// unless the header is already there (an explicit header always wins).
struct CookieToHeaderRule {
    QByteArray cookie;
    QByteArray header;
    QList<QByteArray> pathPrefixes;
};

struct RequestRules {
    // Host: the BMC's authority; Origin and Referer naming the public origin are
    // rewritten to the BMC origin (path and query kept), a Referer naming any other
    // site is dropped, any other Origin is left for the BMC to refuse.
    bool addressBmc = true;
    // Requests below these prefixes get an Accept-Encoding that includes gzip.
    QList<QByteArray> gzipPathPrefixes;
    QList<CookieToHeaderRule> cookieToHeader;
    // WebSocket upgrades below these prefixes get Origin: <BMC origin> when they carry
    // no Origin at all (non-browser clients).
    QList<QByteArray> originOnUpgradePrefixes;
    // The exact Connection value sent with a WebSocket upgrade.
    QByteArray upgradeConnection = QByteArrayLiteral("Upgrade");
    // X-Forwarded-For (appended), X-Forwarded-Proto, X-Forwarded-Host.
    bool forwardedHeaders = true;
};

struct ResponseRules {
    // Header fields holding one absolute URL: rewritten when it names the BMC.
    QList<QByteArray> urlHeaders;
    // Set-Cookie: drop Domain (host-only cookie on the gateway); Secure only when the
    // public side is https; drop cookies named like the gateway's own session cookie.
    bool hostOnlyCookies = true;
    // Fields dropped from every response.
    QList<QByteArray> dropHeaders;
};

// Literal families written into bodies; BodyPatterns turns them into byte patterns
// for one RewriteContext.
enum class BodyLiteral {
    HttpsOrigin,        // https://<bmc>[:port]  → <public scheme>://<public authority>
    WssOrigin,          // wss://<bmc>[:port]    → ws(s)://<public authority>
    JsonEscapedOrigins, // https:\/\/<bmc>…, wss:\/\/<bmc>… (JSON with escaped slashes)
    ConsoleIpParam,     // ip=<bmc host>         → ip=<public host>
    ConsolePortParam,   // kvmport=<bmc port>    → kvmport=<public port>
};

struct BodyRules {
    // Media types (no parameters, lowercase) whose bodies are rewritten, also when
    // gzip/deflate-compressed. With literals, requests offer the BMC only those codings
    // (RequestRewriter::acceptEncodingDecodable).
    QList<QByteArray> contentTypes;
    // Empty: bodies are never touched (and keep their Content-Length).
    QList<BodyLiteral> literals;
};

struct PlatformProfile {
    Platform platform = Platform::Generic;
    RequestRules request;
    ResponseRules response;
    BodyRules body;

    // The built-in profile of a platform.
    static const PlatformProfile &forPlatform(Platform platform);
    QString name() const { return platformName(platform); }
};

} // namespace pc
