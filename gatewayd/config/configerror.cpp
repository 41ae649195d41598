#include "config/configerror.h"

#include <QStringList>
#include <utility>

using namespace Qt::StringLiterals;

namespace gw {

ConfigError::ConfigError(QString keyPath, QString description, QString fileName)
    : key(std::move(keyPath))
    , problem(std::move(description))
    , file(std::move(fileName)) {}

QString ConfigError::toString() const {
    QStringList parts;
    if (!file.isEmpty())
        parts << file;
    if (!key.isEmpty())
        parts << key;
    parts << problem;
    return parts.join(u": "_s);
}

} // namespace gw
