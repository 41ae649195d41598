#include "server/bmcrequest.h"

#include "server/sessioncookie.h"

namespace gw {

pc::HttpRequestHead BmcRequest::fromClient(const pc::HttpRequestHead &client,
                                           const pc::GpsessionClaims &claims,
                                           const pc::UpstreamTarget &target,
                                           const QHostAddress &clientAddress,
                                           const QByteArray &publicHost) {
    Q_UNUSED(claims);
    pc::HttpRequestHead bmc = client;
    const bool upgrade = client.isUpgrade();
    const QByteArray protocol = client.headers.value("Upgrade");
    bmc.headers.removeHopByHop();
    if (upgrade) {
        bmc.headers.set("Connection", "Upgrade");
        bmc.headers.set("Upgrade", protocol);
    }
    SessionCookie::strip(bmc.headers);
    bmc.headers.set("Host", target.authority().toLatin1());

    QByteArray forwardedFor = client.headers.combinedValue("X-Forwarded-For");
    const QByteArray peer = clientAddress.toString().toLatin1();
    bmc.headers.set("X-Forwarded-For", forwardedFor.isEmpty() ? peer : forwardedFor + ", " + peer);
    bmc.headers.set("X-Forwarded-Proto", "https");
    if (!publicHost.isEmpty())
        bmc.headers.set("X-Forwarded-Host", publicHost);
    return bmc;
}

} // namespace gw
