#include "rewritetesthelpers.h"

#include "http/httpsyntax.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace rt {

pc::RewriteContext context(pc::Platform platform, const char *hostHeader, bool secure,
                           const QString &bmcHost, quint16 bmcPort) {
    auto ctx = pc::RewriteContext::create(hostHeader, secure, bmcHost, bmcPort, platform, kClient);
    REQUIRE(ctx.hasValue());
    return *ctx;
}

pc::HttpRequestHead request(const QByteArray &method, const QByteArray &target,
                            pc::HttpHeaders headers) {
    pc::HttpRequestHead head;
    head.method = method;
    head.target = target;
    head.headers = std::move(headers);
    return head;
}

pc::HttpRequestHead upgrade(const QByteArray &target, pc::HttpHeaders extra) {
    pc::HttpHeaders headers{
        {"Host", kPublicHost},
        {"Connection", "Upgrade"},
        {"Upgrade", "websocket"},
        {"Origin", kPublicOrigin},
        {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
        {"Sec-WebSocket-Version", "13"},
        {"Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"}};
    for (const auto &field : extra)
        headers.set(field.name, field.value);
    return request("GET", target, headers);
}

pc::HttpResponseHead response(int status, pc::HttpHeaders headers, pc::HttpBodyFraming::Kind kind,
                              quint64 length) {
    pc::HttpResponseHead head;
    head.status = status;
    head.headers = std::move(headers);
    head.framing.kind = kind;
    head.framing.length = kind == pc::HttpBodyFraming::Kind::Length ? length : 0;
    return head;
}

QByteArray filterWhole(const pc::BodyRewriter &prototype, const QByteArray &body) {
    pc::BodyRewriter f = prototype;
    QByteArray out = f.feed(body);
    return out + f.finish();
}

QByteArray filterSplit(const pc::BodyRewriter &prototype, const QByteArray &body, qsizetype at) {
    pc::BodyRewriter f = prototype;
    QByteArray out = f.feed(QByteArrayView(body).first(at));
    out += f.feed(QByteArrayView(body).sliced(at));
    return out + f.finish();
}

QByteArray filterBytewise(const pc::BodyRewriter &prototype, const QByteArray &body) {
    pc::BodyRewriter f = prototype;
    QByteArray out;
    for (qsizetype i = 0; i < body.size(); ++i) {
        out += f.feed(QByteArrayView(body).sliced(i, 1));
        REQUIRE(f.heldBack() <= f.holdBackLimit());
    }
    return out + f.finish();
}

QStringList simRefusals(pc::Platform platform, const pc::HttpRequestHead &head,
                        const QByteArray &bmcAuthority) {
    using pc::Platform;
    const QByteArray own = "https://" + bmcAuthority;
    const bool dell = platform == Platform::Idrac8 || platform == Platform::Idrac9;
    const bool checkHost = dell || platform == Platform::Ilo5;
    const bool checkOrigin = dell || platform == Platform::Ilo5;
    const bool checkReferer = dell;
    const pc::HttpHeaders &h = head.headers;
    QStringList out;
    if (checkHost && !pc::httpsyntax::equalsIgnoreCase(h.value("host"), bmcAuthority) &&
        !pc::httpsyntax::equalsIgnoreCase(h.value("host"), bmcAuthority + ":443"))
        out << u"host-mismatch"_s;
    if (checkOrigin && h.contains("origin") &&
        !pc::httpsyntax::equalsIgnoreCase(h.value("origin"), own))
        out << u"origin-mismatch"_s;
    if (checkReferer && h.contains("referer") && !h.value("referer").startsWith(own + '/'))
        out << u"referer-mismatch"_s;
    if (platform == Platform::Idrac9 && head.target.startsWith("/restgui/") &&
        !h.value("accept-encoding").toLower().contains("gzip"))
        out << u"gzip-required"_s;
    if (head.isWebSocketUpgrade() || h.contains("upgrade")) {
        if (platform == Platform::Ilo5 && h.value("connection") != "Upgrade")
            out << u"connection-upgrade-case"_s;
        if (platform == Platform::AsrockRack && h.value("origin") != own)
            out << u"origin-mismatch"_s;
    }
    if (platform == Platform::Ilo5 && head.target.startsWith("/redfish/v1/") &&
        head.target != "/redfish/v1/" && !h.contains("x-auth-token"))
        out << u"x-auth-token-missing"_s;
    return out;
}

std::string str(QByteArrayView bytes) {
    return bytes.toByteArray().toStdString();
}

} // namespace rt

namespace Catch {
std::string StringMaker<pc::HttpHeaders>::convert(const pc::HttpHeaders &headers) {
    std::string out = "{";
    for (const auto &field : headers) {
        if (out.size() > 1)
            out += ", ";
        out += field.name.toStdString() + ": " + field.value.toStdString();
    }
    return out + "}";
}
} // namespace Catch
