#pragma once

// A fresh self-signed server certificate (EC P-256, SHA-256, one year) for an emulated
// BMC started without --cert/--key — real BMCs ship exactly that kind of certificate.

#include "util/expected.h"

#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>

namespace bmcsim {

struct TlsIdentity {
    QSslCertificate certificate;
    QSslKey key;
};

class SelfSignedCertificate {
public:
    // `hosts` become the subjectAltName entries (IP addresses or DNS names); the first
    // is also the common name.
    static pc::Expected<TlsIdentity, QString> generate(const QStringList &hosts);
};

} // namespace bmcsim
