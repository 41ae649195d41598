#include "config/dnsname.h"

#include <QRegularExpression>
#include <QStringList>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace gw {

bool DnsName::isHostName(const QString &name) {
    static const QRegularExpression label(u"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"_s);
    if (name.size() > 253)
        return false;
    const QStringList labels = name.split(u'.');
    return std::all_of(labels.begin(), labels.end(),
                       [](const QString &l) { return label.match(l).hasMatch(); });
}

bool DnsName::isWithin(const QString &name, const QString &parent) {
    return !name.isEmpty() && !parent.isEmpty() && (name == parent || name.endsWith(u'.' + parent));
}

} // namespace gw
