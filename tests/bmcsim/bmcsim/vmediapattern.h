#pragma once

// The bytes of GET /vmedia/download?size=N: byte i is byte (i mod 8), little-endian, of
// splitmix64(i div 8). Deterministic, cheap, and not periodic, so a proxy that drops,
// repeats or reorders a chunk anywhere in a large transfer is caught.

#include <QtGlobal>

namespace bmcsim::vmedia {

quint64 splitmix64(quint64 x);
// Writes bytes [offset, offset + length) of the stream into `out`.
void fill(quint64 offset, char *out, qint64 length);

} // namespace bmcsim::vmedia
