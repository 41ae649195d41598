#include "server/targetresolver.h"

#include "config/ipliteral.h"

#include <QHostInfo>

using namespace Qt::StringLiterals;

namespace gw {

TargetResolver::TargetResolver(TargetPolicy policy)
    : m_policy(std::move(policy)) {}

void TargetResolver::resolve(const QString &host, quint16 port, QObject *context,
                             Callback done) const {
    if (auto literal = IpLiteral::parse(host)) {
        done(check(host, port, {*literal}));
        return;
    }
    const TargetResolver self = *this;
    QHostInfo::lookupHost(host, context, [self, host, port, done](const QHostInfo &info) {
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            done(pc::unexpected(GatewayError{
                502, u"bmc_unresolvable"_s,
                u"the BMC host name %1 does not resolve: %2"_s.arg(host, info.errorString())}));
            return;
        }
        done(self.check(host, port, info.addresses()));
    });
}

pc::Expected<pc::UpstreamTarget, GatewayError>
TargetResolver::check(const QString &host, quint16 port,
                      const QList<QHostAddress> &addresses) const {
    for (const QHostAddress &address : addresses) {
        if (!m_policy.isAllowed(address)) {
            return pc::unexpected(
                GatewayError{403, u"target_not_allowed"_s,
                             u"the BMC address %1 is outside this gateway's allowed targets"_s.arg(
                                 address.toString())});
        }
    }
    pc::UpstreamTarget target;
    target.address = addresses.constFirst();
    target.hostName = host;
    target.port = port;
    target.tls = tlsFor(target.address, port);
    return target;
}

pc::UpstreamTarget TargetResolver::forAgent(const QString &host, quint16 port,
                                            const QString &agent) const {
    pc::UpstreamTarget target;
    target.hostName = host;
    target.port = port;
    target.agent = agent;
    target.tls = tlsFor(IpLiteral::parse(host).value_or(QHostAddress()), port);
    return target;
}

pc::UpstreamTls TargetResolver::tlsFor(const QHostAddress &address, quint16 port) const {
    pc::UpstreamTls tls;
    switch (m_policy.tlsCheckFor(address, port)) {
    case TargetPolicy::TlsCheck::None:
        tls.mode = pc::UpstreamTls::Mode::None;
        break;
    case TargetPolicy::TlsCheck::SystemTrust:
        tls.mode = pc::UpstreamTls::Mode::SystemTrust;
        break;
    case TargetPolicy::TlsCheck::Pinned:
        tls.mode = pc::UpstreamTls::Mode::Pinned;
        tls.sha256 = m_policy.pinFor(address, port).value_or(QByteArray());
        break;
    }
    return tls;
}

} // namespace gw
