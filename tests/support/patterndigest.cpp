#include "patterndigest.h"

#include "bmcsim/vmediapattern.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>

namespace testsupport {

QString patternSha256(qint64 size) {
    constexpr qint64 kPiece = 1024 * 1024;
    QCryptographicHash sha(QCryptographicHash::Sha256);
    QByteArray piece(kPiece, Qt::Uninitialized);
    for (qint64 off = 0; off < size; off += kPiece) {
        const qint64 n = std::min(kPiece, size - off);
        bmcsim::vmedia::fill(quint64(off), piece.data(), n);
        sha.addData(QByteArrayView(piece.constData(), n));
    }
    return QString::fromLatin1(sha.result().toHex());
}

bool writePatternFile(const QString &path, qint64 size) {
    constexpr qint64 kPiece = 1024 * 1024;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QByteArray piece(kPiece, Qt::Uninitialized);
    for (qint64 off = 0; off < size; off += kPiece) {
        const qint64 n = std::min(kPiece, size - off);
        bmcsim::vmedia::fill(quint64(off), piece.data(), n);
        if (f.write(piece.constData(), n) != n)
            return false;
    }
    return true;
}

} // namespace testsupport
