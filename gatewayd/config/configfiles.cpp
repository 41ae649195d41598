#include "config/configfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <utility>

using namespace Qt::StringLiterals;

namespace gw {

ConfigFiles::ConfigFiles(QString baseDir)
    : m_baseDir(std::move(baseDir)) {}

QString ConfigFiles::resolve(const QString &path) const {
    const QDir base(m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir);
    return QDir::cleanPath(base.absoluteFilePath(path));
}

std::optional<QString> ConfigFiles::readableFile(JsonObjectReader &reader, const QString &key,
                                                 JsonObjectReader::Presence presence) const {
    const std::optional<QString> text = reader.string(key, presence);
    if (!text)
        return std::nullopt;
    const QString path = resolve(*text);
    const QFileInfo info(path);
    QFile file(path);
    QString problem;
    if (!info.exists())
        problem = u"file not found: "_s + path;
    else if (info.isDir())
        problem = u"is a directory, expected a file: "_s + path;
    else if (!info.isFile()) // a FIFO would block the open below; devices make no sense
        problem = u"not a regular file: "_s + path;
    else if (!file.open(QIODevice::ReadOnly))
        problem = u"cannot read "_s + path + u": "_s + file.errorString();
    else if (info.size() == 0)
        problem = u"file is empty: "_s + path;
    if (!problem.isEmpty()) {
        reader.fail(reader.keyPath(key), problem);
        return std::nullopt;
    }
    return path;
}

std::optional<QString> ConfigFiles::creatableFile(JsonObjectReader &reader, const QString &key,
                                                  JsonObjectReader::Presence presence) const {
    const std::optional<QString> text = reader.string(key, presence);
    if (!text)
        return std::nullopt;
    const QString path = resolve(*text);
    const QFileInfo info(path);
    QString problem;
    if (info.isDir())
        problem = u"is a directory, expected a file: "_s + path;
    else if (!info.absoluteDir().exists())
        problem = u"directory does not exist: "_s + info.absolutePath();
    if (!problem.isEmpty()) {
        reader.fail(reader.keyPath(key), problem);
        return std::nullopt;
    }
    return path;
}

} // namespace gw
