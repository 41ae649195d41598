#include "upstream/upstreamtarget.h"

using namespace Qt::StringLiterals;

namespace pc {

QString UpstreamTarget::authority() const {
    if (address.isNull()) // an agent's target, by name
        return hostName + u':' + QString::number(port);
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']'
                             : address.toString();
    return host + u':' + QString::number(port);
}

QString UpstreamTarget::poolKey() const {
    return agent + u'|' + authority() + u'|' + hostName + u'|' + QString::number(int(tls.mode)) +
           u'|' + QString::fromLatin1(tls.sha256.toHex()) + (plain ? u"|plain"_s : QString());
}

} // namespace pc
