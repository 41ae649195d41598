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
    switch (m_policy.tlsCheckFor(target.address, port)) {
    case TargetPolicy::TlsCheck::None:
        target.tls.mode = pc::UpstreamTls::Mode::None;
        break;
    case TargetPolicy::TlsCheck::SystemTrust:
        target.tls.mode = pc::UpstreamTls::Mode::SystemTrust;
        break;
    case TargetPolicy::TlsCheck::Pinned:
        target.tls.mode = pc::UpstreamTls::Mode::Pinned;
        target.tls.sha256 = m_policy.pinFor(target.address, port).value_or(QByteArray());
        break;
    }
    return target;
}

} // namespace gw
