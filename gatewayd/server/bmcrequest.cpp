#include "server/bmcrequest.h"

#include "rewrite/platformprofile.h"
#include "rewrite/requestrewriter.h"
#include "server/sessioncookie.h"

using namespace Qt::StringLiterals;

namespace gw {

pc::Expected<pc::RewriteContext, GatewayError>
BmcRequest::context(const pc::HttpRequestHead &client, const pc::GpsessionClaims &claims,
                    const QHostAddress &clientAddress, bool publicSecure) {
    auto context = pc::RewriteContext::create(client.headers.value("Host"), publicSecure, claims.ip,
                                              claims.port, claims.platform,
                                              clientAddress.toString().toLatin1());
    if (!context)
        return pc::unexpected(GatewayError{400, u"bad_request"_s, context.error().detail});
    context->gatewayCookie = QByteArray(SessionCookie::Name.data(), SessionCookie::Name.size());
    return std::move(context).value();
}

pc::HttpRequestHead BmcRequest::rewrite(const pc::HttpRequestHead &client,
                                        const pc::RewriteContext &context) {
    const pc::RequestRewriter rewriter(context, pc::PlatformProfile::forPlatform(context.platform));
    return rewriter.rewrite(client);
}

} // namespace gw
