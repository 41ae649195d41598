#include "cli/gatewaycafile.h"

#include <QFile>
#include <QFileInfo>

namespace app {

pc::Expected<QList<QSslCertificate>, QString> GatewayCaFile::load(const QString &path) {
    const QFileInfo info(path);
    if (!info.exists())
        return pc::unexpected(tr("--gateway-ca %1: no such file").arg(path));
    if (!info.isFile())
        return pc::unexpected(tr("--gateway-ca %1: not a regular file").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return pc::unexpected(tr("--gateway-ca %1: %2").arg(path, file.errorString()));
    if (file.size() > MaxFileSize)
        return pc::unexpected(tr("--gateway-ca %1: larger than %2 bytes, not a certificate file")
                                  .arg(path)
                                  .arg(MaxFileSize));
    const QByteArray data = file.readAll();

    QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(data, QSsl::Der);
    certificates.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    if (certificates.isEmpty())
        return pc::unexpected(tr("--gateway-ca %1: holds no PEM or DER certificate").arg(path));
    return certificates;
}

} // namespace app
