#include "bmcsim/testpattern.h"

#include <QtEndian>
#include <array>

namespace bmcsim::pattern {

namespace {
constexpr std::array<Rgb, 8> kBars{{
    {255, 255, 255},
    {255, 255, 0},
    {0, 255, 255},
    {0, 255, 0},
    {255, 0, 255},
    {255, 0, 0},
    {0, 0, 255},
    {0, 0, 0},
}};
} // namespace

Rgb pixel(int x, int y, quint32 frameNumber) {
    if (y < kBarRows)
        return kBars[((quint32(x) + frameNumber) / 8) % kBars.size()];
    const auto v = quint8((4 * quint32(x) + quint32(y) + frameNumber) & 0xff);
    return {v, v, v};
}

QByteArray frame(quint32 frameNumber, int width, int height) {
    QByteArray out(kHeaderSize + width * height * 3, Qt::Uninitialized);
    auto *p = reinterpret_cast<uchar *>(out.data());
    p[0] = kFrame;
    qToLittleEndian<quint32>(frameNumber, p + 1);
    qToLittleEndian<quint16>(quint16(width), p + 5);
    qToLittleEndian<quint16>(quint16(height), p + 7);
    p += kHeaderSize;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const Rgb c = pixel(x, y, frameNumber);
            *p++ = c.r;
            *p++ = c.g;
            *p++ = c.b;
        }
    }
    return out;
}

std::optional<quint32> verifyFrame(QByteArrayView message) {
    if (message.size() < kHeaderSize || quint8(message[0]) != kFrame)
        return std::nullopt;
    const auto *p = reinterpret_cast<const uchar *>(message.data());
    const auto n = qFromLittleEndian<quint32>(p + 1);
    const int width = qFromLittleEndian<quint16>(p + 5);
    const int height = qFromLittleEndian<quint16>(p + 7);
    if (message.size() != kHeaderSize + qsizetype(width) * height * 3)
        return std::nullopt;
    p += kHeaderSize;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x, p += 3) {
            if (Rgb{p[0], p[1], p[2]} != pixel(x, y, n))
                return std::nullopt;
        }
    }
    return n;
}

std::optional<QByteArray> echoFor(QByteArrayView message) {
    if (message.isEmpty() || quint8(message[0]) != kInput)
        return std::nullopt;
    QByteArray echo = message.toByteArray();
    echo[0] = char(kInputEcho);
    return echo;
}

} // namespace bmcsim::pattern
