#include "groups/netcapabilities.h"

#include <QStringList>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace gw {

QString NetCapabilities::missing() {
    __user_cap_header_struct header{};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    header.pid = 0;
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capget, &header, data) != 0)
        return u"CAP_NET_ADMIN, CAP_SYS_ADMIN (capget failed)"_s;
    const auto has = [&data](int cap) {
        return (data[cap / 32].effective & (1u << (cap % 32))) != 0;
    };
    QStringList lacking;
    if (!has(CAP_NET_ADMIN))
        lacking << u"CAP_NET_ADMIN"_s;
    if (!has(CAP_SYS_ADMIN))
        lacking << u"CAP_SYS_ADMIN"_s;
    return lacking.join(u", "_s);
}

} // namespace gw
