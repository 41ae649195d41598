#pragma once

#include "config/jsonobjectreader.h"

#include <QString>
#include <optional>

namespace gw {

// The files a configuration names: relative paths resolve against `baseDir` (the
// configuration file's directory), and each file is checked before the configuration is
// accepted. Only metadata is looked at and the file is opened, never read, so no secret
// can end up in a message.
class ConfigFiles {
public:
    explicit ConfigFiles(QString baseDir);

    // Absolute, cleaned; an empty base directory means the current directory.
    QString resolve(const QString &path) const;

    // The string under `key`, resolved, if it names an existing, regular, readable,
    // non-empty file; otherwise the problem is recorded on `reader`.
    std::optional<QString> readableFile(JsonObjectReader &reader, const QString &key,
                                        JsonObjectReader::Presence presence) const;
    // The same for a file that may not exist yet but whose directory must.
    std::optional<QString> creatableFile(JsonObjectReader &reader, const QString &key,
                                         JsonObjectReader::Presence presence) const;

private:
    QString m_baseDir;
};

} // namespace gw
