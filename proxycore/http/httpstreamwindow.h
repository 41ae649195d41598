#pragma once

#include <QtGlobal>
#include <array>

namespace pc {

// Internal to HttpParser: absolute stream offsets for the bytes of the slice being
// parsed, and the last few bytes of the slices before it, so that checks can look at a
// byte by its offset whatever the slicing (a CR fed in one call, its LF in the next).
class HttpStreamWindow {
public:
    void reset();
    // The slice the next parsing step reads, starting at the next unconsumed byte.
    void begin(const char *data, qsizetype len);
    // The step consumed the first n bytes of its slice.
    void consume(qsizetype n);

    qint64 base() const; // offset of the slice's first byte
    qint64 offsetOf(const char *p) const;
    const char *pointerTo(qint64 offset) const;
    // The byte at that offset, or -1 if it is neither in the slice nor among the few
    // bytes kept from before it.
    int byteAt(qint64 offset) const;

private:
    static constexpr int Kept = 8;
    qint64 m_base = 0;
    const char *m_data = nullptr;
    qsizetype m_len = 0;
    std::array<char, Kept> m_before{}; // the Kept bytes before m_base, oldest first
    int m_beforeLen = 0;
};

} // namespace pc
