#include "bodyfile.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace testsupport {

BodyFile BodyFile::write(const QString &path, qint64 size, quint32 seed) {
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    for (char &c : data)
        c = char(rng.generate() & 0xff);
    BodyFile body;
    body.path = path;
    body.size = size;
    body.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    QFile f(path);
    body.ok = f.open(QIODevice::WriteOnly) && f.write(data) == size;
    return body;
}

QList<CurlFraming> curlFramings(const QString &file) {
    return {
        {"curl -T - (stdin, chunked)", {u"-T"_s, u"-"_s}, file},
        {"curl -H 'Transfer-Encoding: chunked' --data-binary",
         {u"-H"_s, u"Transfer-Encoding: chunked"_s, u"--data-binary"_s, u"@"_s + file},
         {}},
        {"curl --data-binary (Content-Length)", {u"--data-binary"_s, u"@"_s + file}, {}},
    };
}

} // namespace testsupport
