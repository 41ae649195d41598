#include "tunnel/wsframe.h"

#include <cstring>

namespace pc::wsframe {

int writeHeader(char *out, Opcode opcode, quint64 payloadBytes, std::optional<quint32> maskKey) {
    auto *p = reinterpret_cast<uchar *>(out);
    p[0] = uchar(0x80 | opcode); // FIN, no RSV bits
    const uchar maskBit = maskKey ? 0x80 : 0x00;
    int n = 2;
    if (payloadBytes <= 125) {
        p[1] = uchar(maskBit | payloadBytes);
    } else if (payloadBytes <= 0xFFFF) {
        p[1] = uchar(maskBit | 126);
        p[2] = uchar(payloadBytes >> 8);
        p[3] = uchar(payloadBytes);
        n = 4;
    } else {
        p[1] = uchar(maskBit | 127);
        for (int i = 0; i < 8; ++i)
            p[2 + i] = uchar(payloadBytes >> (56 - 8 * i));
        n = 10;
    }
    if (maskKey) {
        for (int i = 0; i < 4; ++i)
            p[n + i] = uchar(*maskKey >> (24 - 8 * i));
        n += 4;
    }
    return n;
}

void maskCopy(char *dst, const char *src, qsizetype size, quint32 key, quint64 offset) {
    uchar keyBytes[8];
    for (int i = 0; i < 8; ++i)
        keyBytes[i] = uchar(key >> (24 - 8 * int((offset + quint64(i)) % 4)));
    quint64 wide;
    std::memcpy(&wide, keyBytes, 8);
    qsizetype i = 0;
    // memcpy keeps the word accesses unaligned-safe; compilers turn them into plain
    // loads and stores.
    for (; i + 8 <= size; i += 8) {
        quint64 w;
        std::memcpy(&w, src + i, 8);
        w ^= wide;
        std::memcpy(dst + i, &w, 8);
    }
    for (; i < size; ++i)
        dst[i] = char(src[i] ^ keyBytes[i % 8]);
}

QByteArray frame(Opcode opcode, QByteArrayView payload, std::optional<quint32> maskKey) {
    char header[maxHeaderBytes];
    const int headerBytes = writeHeader(header, opcode, quint64(payload.size()), maskKey);
    QByteArray out(headerBytes + payload.size(), Qt::Uninitialized);
    std::memcpy(out.data(), header, size_t(headerBytes));
    if (maskKey)
        maskCopy(out.data() + headerBytes, payload.data(), payload.size(), *maskKey, 0);
    else if (!payload.isEmpty())
        std::memcpy(out.data() + headerBytes, payload.data(), size_t(payload.size()));
    return out;
}

QByteArray closePayload(quint16 code, QByteArrayView reason) {
    QByteArray out;
    out.append(char(code >> 8));
    out.append(char(code & 0xFF));
    out.append(reason.first(qMin<qsizetype>(reason.size(), maxControlPayload - 2)));
    return out;
}

} // namespace pc::wsframe
