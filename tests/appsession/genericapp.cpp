#include "genericapp.h"

#include "waitfor.h"

#include <QUrl>

using namespace Qt::StringLiterals;
using app::BmcSession;

GenericApp::GenericApp(const GatewayFixture &gw, const QJsonObject &extra) {
    QJsonObject claims = extra;
    claims.insert(u"platform"_s, u"generic"_s);
    BmcSession::Options options;
    options.gatewayCa = {gw.certificate()};
    BmcSession::Failure failure;
    QString message;
    m_session =
        BmcSession::create(QString::fromLatin1(gw.mint(claims)), options, &failure, &message);
    if (!m_session) {
        m_failure = u"the session was not created: "_s + message;
        return;
    }
    m_session->start();
    if (!testsupport::waitFor([&] { return m_session->state() == BmcSession::State::Connected; },
                              20000)) {
        m_failure = u"the session did not connect"_s;
        return;
    }
    const QUrl entry = m_session->entryUrl();
    m_local.address = entry.host().toLatin1();
    m_local.port = quint16(entry.port());
    m_local.secure = false;
    m_browser.emplace(m_local);
    if (m_browser->get(entry.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority).toLatin1())
            .status != 302) {
        m_failure = u"the entry URL did not redirect"_s;
        return;
    }
    if (m_browser
            ->post("/redfish/v1/SessionService/Sessions",
                   R"({"UserName":"root","Password":"0penBmc"})",
                   {{"Content-Type", "application/json"}})
            .status != 201) {
        m_failure = u"the BMC login failed"_s;
        return;
    }
}

QByteArray GenericApp::cookies() const {
    return "pmproxy-local=" + m_browser->cookie("pmproxy-local") +
           "; SESSION=" + m_browser->cookie("SESSION");
}
