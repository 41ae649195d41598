#include "bmcsim/staticpages.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace bmcsim {

namespace {
QByteArray contentTypeOf(const QByteArray &path) {
    if (path.endsWith(".html"))
        return "text/html; charset=utf-8";
    if (path.endsWith(".js"))
        return "application/javascript";
    if (path.endsWith(".css"))
        return "text/css";
    return "application/octet-stream";
}
} // namespace

std::optional<StaticPage> StaticPages::find(const QByteArray &path, bool gzipped) const {
    if (!path.startsWith('/') || path.contains("/..") || path.contains('\\'))
        return std::nullopt;
    QString resource;
    if (path.startsWith(m_rules.assetPrefix))
        resource =
            u":/bmcsim/pages/common/"_s + QString::fromLatin1(path.mid(m_rules.assetPrefix.size()));
    else
        resource =
            u":/bmcsim/pages/"_s + platformName(m_rules.platform) + QString::fromLatin1(path);
    if (gzipped)
        resource += u".gz"_s;
    QFile file(resource);
    if (resource.endsWith(u'/') || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return StaticPage{file.readAll(), contentTypeOf(path), gzipped};
}

} // namespace bmcsim
