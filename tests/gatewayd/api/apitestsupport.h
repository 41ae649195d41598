#pragma once

#include "apiclient.h"
#include "gatewayfixture.h"

#include <QJsonArray>
#include <QJsonObject>

// What the API tests share: a gateway with the API in front of the generic emulated BMC.
namespace apitest {

GatewayFixture::Options generic();
ApiClient api(const GatewayFixture &gw);
// A request head through the gateway with the pm-session cookie (and more cookies).
QByteArray get(const QByteArray &target, const QByteArray &cookies);
// The live session whose jti is JTI (empty object: none).
QJsonObject sessionWithJti(const GatewayFixture &gw, const QString &jti);
// Sums of bytesUp/bytesDown/requests over the traffic records of SESSION.
struct Sums {
    qint64 bytesUp = 0;
    qint64 bytesDown = 0;
    qint64 requests = 0;
    int records = 0;
};
Sums trafficOf(const GatewayFixture &gw, const QString &session);

} // namespace apitest
