#include "util/lowdelaysslserver.h"

#include "util/lowdelay.h"

namespace pc {

void LowDelaySslServer::incomingConnection(qintptr descriptor) {
    setLowDelay(descriptor);
    QSslServer::incomingConnection(descriptor);
}

} // namespace pc
