#pragma once

#include "ingress/ingressroutes.h"

#include <QtGlobal>
#include <deque>
#include <functional>
#include <optional>

namespace gw {

// Which route the bytes of one HTTP ingress connection belong to (README, "Node groups:
// ingress", accounting), request by request: a request's bytes are its route's once
// the route is known (its head, read before, included); a request the gateway answers
// itself (404 unknown_host, 400, 405, 408, a node's failure) is no route's, neither its
// bytes read nor its answer. Bytes written are billed as the socket hands them to the
// kernel, to whoever the answer they belong to was written for (an output stream offset
// marks each change). Bytes read together with a routed request's (pipelined) count for
// it.
class IngressHttpBilling {
public:
    using Bill = std::function<void(const IngressRoutes::Target &target, quint64 up, quint64 down)>;
    explicit IngressHttpBilling(Bill bill);

    // BYTES read from the client (request heads and bodies, or relayed after an upgrade).
    void read(quint64 bytes);
    // BYTES the socket wrote to the kernel (QIODevice::bytesWritten).
    void written(quint64 bytes);
    // The request just read goes to TARGET: the bytes read and not yet billed are its,
    // and so is what is read and written from now on. BUFFERED: the socket's
    // bytesToWrite() now (earlier answers not yet sent).
    void routed(const IngressRoutes::Target &target, qint64 buffered);
    // What follows is the gateway's own (an error answer) or between requests: bytes read
    // and not yet billed are dropped, and what is written from now on is no route's.
    void unrouted(qint64 buffered);

private:
    struct Segment {
        quint64 end; // output stream offset where it ends
        std::optional<IngressRoutes::Target> route;
    };
    void switchDown(std::optional<IngressRoutes::Target> route, qint64 buffered);

    Bill m_bill;
    std::optional<IngressRoutes::Target> m_up;   // whose bytes read now are
    std::optional<IngressRoutes::Target> m_down; // whose bytes written after the segments are
    quint64 m_pendingUp = 0;                     // read, route not known yet
    quint64 m_written = 0;                       // written to the kernel so far
    std::deque<Segment> m_segments;              // earlier output not yet written
};

} // namespace gw
