#pragma once

#include <QString>

namespace gw {

// DNS host names as the configuration takes them: labels of letters, digits and inner
// hyphens, at most 63 characters each and 253 in all.
class DnsName {
public:
    static bool isHostName(const QString &name);
    // `name` is `parent` or a name under it (both lower case, no trailing dot); false
    // when either is empty.
    static bool isWithin(const QString &name, const QString &parent);
};

} // namespace gw
