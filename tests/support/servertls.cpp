#include "servertls.h"

#include "bmcsim/selfsignedcertificate.h"

#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace testsupport {

QSslConfiguration selfSignedServerTls(QSslCertificate *certificate) {
    auto identity = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    if (!identity)
        return {};
    if (certificate)
        *certificate = identity->certificate;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(identity->certificate);
    tls.setPrivateKey(identity->key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

} // namespace testsupport
