#include "bmcsim/vmediapattern.h"

namespace bmcsim::vmedia {

quint64 splitmix64(quint64 x) {
    quint64 z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void fill(quint64 offset, char *out, qint64 length) {
    quint64 word = offset / 8;
    quint64 bits = splitmix64(word);
    for (qint64 i = 0; i < length; ++i) {
        const quint64 at = offset + quint64(i);
        if (at / 8 != word) {
            word = at / 8;
            bits = splitmix64(word);
        }
        out[i] = char((bits >> ((at % 8) * 8)) & 0xff);
    }
}

} // namespace bmcsim::vmedia
