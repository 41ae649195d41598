#pragma once

#include <QtGlobal>

class QAbstractSocket;

namespace pc {

// Turns off Nagle's algorithm (TCP_NODELAY) on SOCKET's TCP connection. Every socket on
// a data path needs it: a small write (a response head, a WebSocket frame, a tunnel
// envelope) otherwise waits for the ACK of the previous one, which the peer delays by up
// to 40 ms. Works on a QSslSocket too (its TCP socket is the one set), but only once the
// socket has a descriptor (accepted, or connecting). Returns whether the option is on.
bool setLowDelay(QAbstractSocket *socket);

// The same on a bare descriptor, as a server's incomingConnection() has it.
bool setLowDelay(qintptr descriptor);

// Whether TCP_NODELAY is on for DESCRIPTOR (asks the kernel).
bool hasLowDelay(qintptr descriptor);

} // namespace pc
