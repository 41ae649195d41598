#pragma once

#include "gatewayfixture.h"
#include "session/bmcsession.h"
#include "simclient.h"

#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>

// An app session (BmcSession) to the generic BMC of a GatewayFixture, connected through its
// tunnel, and a browser-like client on the session's loopback proxy that opened the entry
// URL and logged in to the BMC (Redfish session), as a technician's browser would.
class GenericApp {
public:
    // CLAIMS are added to the token (platform is "generic"). failure() says which step
    // did not work; empty when the app is ready.
    GenericApp(const GatewayFixture &gw, const QJsonObject &claims = {});

    const QString &failure() const { return m_failure; }
    app::BmcSession &session() { return *m_session; }
    bmcsim::test::SimClient &browser() { return *m_browser; }
    const bmcsim::test::Endpoint &local() const { return m_local; }
    // "pmproxy-local=…; SESSION=…": what the BMC's own pages send on the local origin.
    QByteArray cookies() const;

private:
    std::unique_ptr<app::BmcSession> m_session;
    bmcsim::test::Endpoint m_local;
    std::optional<bmcsim::test::SimClient> m_browser;
    QString m_failure;
};
