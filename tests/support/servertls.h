#pragma once

#include <QSslCertificate>
#include <QSslConfiguration>

namespace testsupport {

// The TLS side of a BMC stand-in in a test: a fresh self-signed certificate for
// 127.0.0.1 (bmcsim's generator) and no client certificate asked for. A null
// configuration when the certificate could not be made. CERTIFICATE, when given,
// receives the certificate (for clients that verify it).
QSslConfiguration selfSignedServerTls(QSslCertificate *certificate = nullptr);

} // namespace testsupport
