// libFuzzer target for the tunnel's hand-written WebSocket frame reader
// (proxycore/tunnel/wsframereader.h): the first byte picks the reader's side and a
// slice size; the rest is fed in slices of that size and all at once. Both must give
// the same messages and the same refusal (the reader is incremental), and no message
// may exceed the bound.
#include "tunnel/wsframereader.h"

#include <QByteArray>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

constexpr qint64 kMax = 64 * 1024;

struct Outcome {
    QList<pc::WsFrameReader::Event> events;
    std::optional<pc::WsFrameReader::Failure> failure;
};

Outcome read(pc::WsFrameReader::Role role, QByteArrayView bytes, qsizetype slice) {
    pc::WsFrameReader reader(role, kMax);
    Outcome out;
    for (qsizetype i = 0; i < bytes.size(); i += slice)
        out.failure = reader.feed(bytes.sliced(i, qMin(slice, bytes.size() - i)), out.events);
    if (bytes.isEmpty())
        out.failure = reader.feed({}, out.events);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    const auto role =
        (data[0] & 1) ? pc::WsFrameReader::Role::Server : pc::WsFrameReader::Role::Client;
    const qsizetype slice = (data[0] >> 1) + 1;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const Outcome whole = read(role, bytes, qMax<qsizetype>(bytes.size(), 1));
    const Outcome sliced = read(role, bytes, slice);
    if (whole.events.size() != sliced.events.size() ||
        whole.failure.has_value() != sliced.failure.has_value() ||
        (whole.failure && whole.failure->closeCode != sliced.failure->closeCode))
        std::abort();
    for (qsizetype i = 0; i < whole.events.size(); ++i) {
        const auto &a = whole.events[i];
        const auto &b = sliced.events[i];
        if (a.kind != b.kind || a.payload != b.payload || a.closeCode != b.closeCode ||
            a.payload.size() > kMax)
            std::abort();
    }
    return 0;
}
