#include "agent/agentconnectrequest.h"

#include "agent/agentoptions.h"
#include "agent/agentwire.h"
#include "http/httprequesthead.h"

using namespace Qt::StringLiterals;

namespace gw {

namespace {

using Result = pc::Expected<AgentConnectRequest, AgentRefusal>;

bool isHex(const QByteArray &text) {
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

// PLAIN says whether VALUE asks for no TLS at all.
std::optional<pc::UpstreamTls> tlsPolicy(const QByteArray &value, bool *plain) {
    pc::UpstreamTls tls;
    *plain = false;
    if (value.isEmpty() || value == pc::agentwire::kTlsNone) {
        tls.mode = pc::UpstreamTls::Mode::None; // the gateway's default (targets.verifyTls)
    } else if (value == pc::agentwire::kTlsSystem) {
        tls.mode = pc::UpstreamTls::Mode::SystemTrust;
    } else if (value == pc::agentwire::kTlsPlain) {
        *plain = true;
    } else if (value.startsWith(pc::agentwire::kTlsPinPrefix)) {
        const QByteArray hex = value.mid(qsizetype(strlen(pc::agentwire::kTlsPinPrefix)));
        if (hex.size() != 64 || !isHex(hex))
            return std::nullopt;
        tls.mode = pc::UpstreamTls::Mode::Pinned;
        tls.sha256 = QByteArray::fromHex(hex);
    } else {
        return std::nullopt;
    }
    return tls;
}

int timeoutFrom(const QByteArray &value, bool *ok) {
    *ok = true;
    if (value.isEmpty())
        return AgentConnectRequest::kDefaultTimeoutMs;
    const int gateway = value.toInt(ok);
    if (!*ok || gateway <= 0 || gateway > 600000) {
        *ok = false;
        return 0;
    }
    // A little earlier than the gateway, so that our reason arrives first; half of a
    // very short deadline.
    return qMax(gateway - AgentConnectRequest::kMarginMs, gateway / 2);
}

} // namespace

Result AgentConnectRequest::parse(const pc::HttpRequestHead &head, const AgentOptions &options) {
    if (head.method != pc::agentwire::kConnectMethod)
        return pc::unexpected(AgentRefusal::badRequest(u"the method must be CONNECT, not %1"_s.arg(
            QString::fromLatin1(head.method.left(32)))));
    AgentConnectRequest request;
    bool ok = false;
    request.timeoutMs = timeoutFrom(head.headers.value(pc::agentwire::kTimeoutHeader), &ok);
    if (!ok)
        return pc::unexpected(AgentRefusal::badRequest(u"bad Pm-Connect-Timeout-Ms"_s));

    if (head.target == pc::agentwire::kPublishedTarget) {
        if (options.publish.isEmpty())
            return pc::unexpected(
                AgentRefusal{404, "agent_no_publish", u"this agent publishes no service"_s});
        const bool https = options.publish.scheme() == u"https";
        request.published = true;
        request.host = options.publish.host();
        request.port = quint16(options.publish.port(https ? 443 : 80));
        // The published service's TLS follows its URL: https unchecked, http plain.
        request.tls.mode = pc::UpstreamTls::Mode::None;
        request.plain = !https;
        return request;
    }

    if (!pc::agentwire::parseConnectTarget(head.target, &request.host, &request.port))
        return pc::unexpected(AgentRefusal::badRequest(
            u"the target must be HOST:PORT or \"published\", not \"%1\""_s.arg(
                QString::fromLatin1(head.target.left(300)))));
    const auto tls = tlsPolicy(head.headers.value(pc::agentwire::kTlsHeader), &request.plain);
    if (!tls)
        return pc::unexpected(AgentRefusal::badRequest(
            u"Pm-Tls must be none, system, plain or pin-sha256=<64 hex digits>"_s));
    request.tls = *tls;
    return request;
}

} // namespace gw
