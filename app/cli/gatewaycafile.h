#pragma once

#include "util/expected.h"

#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QString>

namespace app {

// Reads `--gateway-ca FILE`: one or more PEM certificates, or one DER certificate.
// The error names the file and says what is wrong with it.
class GatewayCaFile {
    Q_DECLARE_TR_FUNCTIONS(GatewayCaFile)
public:
    static pc::Expected<QList<QSslCertificate>, QString> load(const QString &path);

    static constexpr qint64 MaxFileSize = 4 * 1024 * 1024; // a CA bundle, not a disk image
};

} // namespace app
