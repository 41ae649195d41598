// libFuzzer target for the public listener's ClientHello reader
// (gatewayd/ingress/clienthelloparser.h). Besides not crashing: a prefix of a complete
// hello is never invalid (the reader must wait, not refuse, while bytes trickle in), and
// bytes appended to a complete hello change neither the verdict nor the name.
#include "ingress/clienthelloparser.h"

#include <QByteArray>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    gw::ClientHelloParser whole;
    const auto status = whole.parse(bytes);
    if (status == gw::ClientHelloParser::Status::Complete) {
        for (qsizetype n : {qsizetype(0), bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
            if (n < 0 || n >= bytes.size())
                continue;
            gw::ClientHelloParser prefix;
            if (prefix.parse(bytes.first(n)) == gw::ClientHelloParser::Status::Invalid)
                std::abort();
        }
        gw::ClientHelloParser longer;
        const QByteArray more = bytes.toByteArray() + QByteArray(7, '\x17');
        if (longer.parse(more) != gw::ClientHelloParser::Status::Complete ||
            longer.serverName() != whole.serverName())
            std::abort();
    }
    return 0;
}
