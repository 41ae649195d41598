#include "bmcsim/consolehandshake.h"

#include "bmcsim/refusal.h"

#include <QtEndian>

using namespace Qt::StringLiterals;

namespace bmcsim {

namespace {
QByteArray padded(const QByteArray &text, int size) {
    QByteArray out = text.left(size);
    out.append(size - out.size(), '\0');
    return out;
}
} // namespace

ConsoleHandshake ConsoleHandshake::idrac9(const QByteArray &vcsid2) {
    const QByteArray key2 = QByteArrayLiteral("\xf7\xb3");
    return {key2, key2 + padded(vcsid2, 24) + QByteArray(8, '\0'), {}, refusal::Vcsid2Mismatch};
}

ConsoleHandshake ConsoleHandshake::idrac8() {
    return {QByteArrayLiteral("APCP"), {}, {}, {}};
}

ConsoleHandshake ConsoleHandshake::ilo5(const QByteArray &sessionKey) {
    return {QByteArrayLiteral("P"), QByteArrayLiteral("\x01\x20") + padded(sessionKey, 32),
            QByteArrayLiteral("R"), refusal::IloSessionKeyMismatch};
}

ConsoleHandshake ConsoleHandshake::asrockRack(const QByteArray &kvmToken) {
    return {ivtp(0x17), ivtp(0x12, kvmToken), ivtp(0x13), refusal::KvmTokenMismatch};
}

QByteArray ConsoleHandshake::ivtp(quint16 type, const QByteArray &payload) {
    QByteArray out(8, '\0');
    auto *p = reinterpret_cast<uchar *>(out.data());
    qToLittleEndian<quint16>(type, p);
    qToLittleEndian<quint32>(quint32(payload.size()), p + 2);
    return out + payload;
}

} // namespace bmcsim
