#pragma once

// The console stream every emulated BMC sends once its platform handshake is done, so
// tests and the demo can prove that a console works end to end through a proxy.
//
// All messages are binary WebSocket messages; integers are little-endian.
//
//   server → client  FRAME       u8 0x01 | u32 frame number N | u16 width | u16 height
//                                | width*height*3 bytes of RGB, row-major, top-left first
//   client → server  INPUT       u8 0x02 | payload (any bytes: a key, a pointer event ...)
//   server → client  INPUT_ECHO  u8 0x03 | the same payload
//
// Frames are 64x48 and come about 15 times a second, N counting from 0 per connection.
// Pixel (x, y) of frame N:
//   rows y < 36  (colour bars): bar = ((x + N) / 8) % 8, colours in this order:
//                white, yellow, cyan, green, magenta, red, blue, black (components 0/255),
//                so the bars scroll left by one pixel per frame;
//   rows y >= 36 (grey ramp):   v = (4x + y + N) & 0xff, colour (v, v, v).
// Client messages that are not INPUT (platform heartbeats ...) are ignored.

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace bmcsim::pattern {

inline constexpr quint8 kFrame = 0x01;
inline constexpr quint8 kInput = 0x02;
inline constexpr quint8 kInputEcho = 0x03;
inline constexpr int kWidth = 64;
inline constexpr int kHeight = 48;
inline constexpr int kBarRows = 36;
inline constexpr int kHeaderSize = 9;
inline constexpr int kFrameIntervalMs = 66;

struct Rgb {
    quint8 r, g, b;
    bool operator==(const Rgb &) const = default;
};

Rgb pixel(int x, int y, quint32 frameNumber);
QByteArray frame(quint32 frameNumber, int width = kWidth, int height = kHeight);

// The frame number when `message` is a FRAME whose every pixel is as above.
std::optional<quint32> verifyFrame(QByteArrayView message);

// The INPUT_ECHO answering `message`, or nothing when it is not an INPUT.
std::optional<QByteArray> echoFor(QByteArrayView message);

} // namespace bmcsim::pattern
