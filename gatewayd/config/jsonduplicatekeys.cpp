#include "config/jsonduplicatekeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QSet>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

struct Frame {
    bool isObject = false;
    QString path;
    QSet<QString> keys;
    QString lastKey;
    bool expectKey = false;
    int index = 0;
};

QString childPath(const QList<Frame> &stack) {
    if (stack.isEmpty())
        return {};
    const Frame &top = stack.last();
    if (!top.isObject)
        return top.path + u"["_s + QString::number(top.index) + u"]"_s;
    return top.path.isEmpty() ? top.lastKey : top.path + u"."_s + top.lastKey;
}

// Reads the string starting at json[i] == '"'; leaves i on the closing quote.
QString readString(const QByteArray &json, qsizetype &i) {
    const qsizetype start = i;
    bool escaped = false;
    for (++i; i < json.size(); ++i) {
        if (json[i] == '\\') {
            escaped = true;
            ++i;
        } else if (json[i] == '"') {
            break;
        }
    }
    const QByteArray raw = json.mid(start, i - start + 1);
    if (!escaped)
        return QString::fromUtf8(raw.mid(1, raw.size() - 2));
    // Let Qt decode the escapes (\", \uXXXX, surrogate pairs).
    return QJsonDocument::fromJson('[' + raw + ']').array().at(0).toString();
}

} // namespace

std::optional<QString> JsonDuplicateKeys::find(const QByteArray &json) {
    QList<Frame> stack;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '{' || c == '[') {
            Frame frame;
            frame.isObject = c == '{';
            frame.expectKey = frame.isObject;
            frame.path = childPath(stack);
            stack.append(frame);
        } else if (c == '}' || c == ']') {
            if (!stack.isEmpty())
                stack.removeLast();
        } else if (c == ',') {
            if (!stack.isEmpty()) {
                Frame &top = stack.last();
                if (top.isObject)
                    top.expectKey = true;
                else
                    ++top.index;
            }
        } else if (c == '"') {
            const QString text = readString(json, i);
            if (!stack.isEmpty() && stack.last().isObject && stack.last().expectKey) {
                Frame &top = stack.last();
                top.expectKey = false;
                top.lastKey = text;
                if (top.keys.contains(text))
                    return childPath(stack);
                top.keys.insert(text);
            }
        }
    }
    return std::nullopt;
}

} // namespace gw
