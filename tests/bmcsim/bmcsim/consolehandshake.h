#pragma once

// The in-band exchange a platform's console does right after the WebSocket upgrade,
// as data: what the server says first, the exact answer it waits for, what it confirms
// with. Then the test pattern starts (testpattern.h).
//
//   iDRAC9      hello f7 b3                 reply f7 b3 + VCSID2 (24 ASCII) + 8 zero bytes
//   iDRAC8      hello "APCP"                (no reply awaited)
//   iLO5        hello "P" (CMD_AUTHENTICATE) reply u16le 0x2001 + session key (32 bytes,
//                                            zero-padded); ack "R" (CMD_AUTHENTICATED)
//   ASRockRack  hello IVTP 0x17             reply IVTP 0x12 carrying the KVM token; ack IVTP 0x13
//   generic     (nothing: the subprotocol carried the XSRF token)

#include <QByteArray>
#include <QString>

namespace bmcsim {

struct ConsoleHandshake {
    QByteArray hello;         // sent right after the upgrade; empty: nothing
    QByteArray expectedReply; // the client's first message, byte for byte; empty: none
    QByteArray ack;           // sent once the reply matched; empty: nothing
    QString failureReason;    // close reason when the reply does not match

    static ConsoleHandshake idrac9(const QByteArray &vcsid2);
    static ConsoleHandshake idrac8();
    static ConsoleHandshake ilo5(const QByteArray &sessionKey);
    static ConsoleHandshake asrockRack(const QByteArray &kvmToken);
    static ConsoleHandshake none() { return {}; }

    // An IVTP packet (AMI): u16le type, u32le payload size, u16le status, payload.
    static QByteArray ivtp(quint16 type, const QByteArray &payload = {});
};

} // namespace bmcsim
