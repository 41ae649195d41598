#include "agent/agentrefusal.h"

#include "agent/agentwire.h"
#include "http/httpreasonphrase.h"
#include "tunnel/tunnelstream.h"

namespace gw {

void AgentRefusal::answer(pc::TunnelStream *stream) const {
    pc::HttpResponseHead head;
    head.status = status;
    head.reason = pc::HttpReasonPhrase::of(status);
    head.headers.append(pc::agentwire::kErrorHeader, error);
    // A header value holds no line breaks; details name addresses, never secrets.
    QByteArray value = detail.toUtf8().left(512);
    value.replace('\r', ' ').replace('\n', ' ');
    head.headers.append(pc::agentwire::kDetailHeader, value);
    stream->sendResponse(head);
    stream->close(); // finishes our side; what the gateway still sends is dropped
}

} // namespace gw
