#include "token/strictjson.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

// QJsonDocument silently keeps one of two members with the same name, and different
// JSON libraries keep different ones: a token could then mean one thing to the party
// that checked it and another to us. nlohmann_json's SAX interface reports every
// member name (after unescaping, so "a" and "\u0061" collide as they should) without
// building a document, which lets us refuse duplicates before Qt parses the values.
class DuplicateFinder : public nlohmann::json_sax<nlohmann::json> {
public:
    enum class Problem { None, Syntax, Duplicate, TooDeep };

    Problem problem = Problem::None;
    std::string duplicateName;
    QString duplicatePath; // e.g. "auth.keys[1].kid"

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t &) override { return value(); }
    bool string(string_t &) override { return value(); }
    bool binary(binary_t &) override { return value(); }

    bool start_object(std::size_t) override {
        value();
        m_frames.push_back({true, {}, {}, -1});
        return enter();
    }
    bool key(string_t &name) override {
        Frame &top = m_frames.back();
        top.key = name;
        if (!top.keys.insert(name).second) {
            problem = Problem::Duplicate;
            duplicateName = name;
            duplicatePath = path();
            return false;
        }
        return true;
    }
    bool end_object() override { return leave(); }
    bool start_array(std::size_t) override {
        value();
        m_frames.push_back({false, {}, {}, -1});
        return enter();
    }
    bool end_array() override { return leave(); }
    bool parse_error(std::size_t, const std::string &,
                     const nlohmann::detail::exception &) override {
        problem = Problem::Syntax;
        return false;
    }

private:
    struct Frame {
        bool object;
        std::set<std::string> keys; // objects: the member names so far
        std::string key;            // objects: the current member
        long index;                 // arrays: the current element
    };

    bool value() { // a value begins: in an array, it is the next element
        if (!m_frames.empty() && !m_frames.back().object)
            ++m_frames.back().index;
        return true;
    }
    bool enter() {
        if (int(m_frames.size()) > StrictJson::MaxDepth) {
            problem = Problem::TooDeep;
            return false;
        }
        return true;
    }
    bool leave() {
        m_frames.pop_back();
        return true;
    }
    QString path() const {
        QString p;
        for (const Frame &f : m_frames) {
            if (f.object)
                p += (p.isEmpty() ? QString() : u"."_s) + QString::fromStdString(f.key);
            else
                p += u'[' + QString::number(f.index) + u']';
        }
        return p;
    }

    std::vector<Frame> m_frames;
};

// Member names come from the token: show a short, printable excerpt only.
QString printable(const std::string &name) {
    QString out;
    for (unsigned char c : name.substr(0, 40))
        out += (c >= 0x20 && c < 0x7f) ? QChar(char16_t(c)) : u'?';
    return out;
}

} // namespace

Expected<QJsonObject, TokenError> StrictJson::parseObject(const QByteArray &json,
                                                          const QString &what) {
    DuplicateFinder finder;
    const bool ok = nlohmann::json::sax_parse(json.cbegin(), json.cend(), &finder,
                                              nlohmann::json::input_format_t::json, true);
    if (!ok || finder.problem != DuplicateFinder::Problem::None) {
        switch (finder.problem) {
        case DuplicateFinder::Problem::Duplicate:
            return tokenError(TokenErrorCode::DuplicateMember, what + u" has the member \""_s +
                                                                   printable(finder.duplicateName) +
                                                                   u"\" more than once"_s);
        case DuplicateFinder::Problem::TooDeep:
            return tokenError(TokenErrorCode::BadJson, what + u" is nested too deeply"_s);
        default:
            return tokenError(TokenErrorCode::BadJson, what + u" is not valid JSON"_s);
        }
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return tokenError(TokenErrorCode::BadJson, what + u" is not valid JSON"_s);
    if (!doc.isObject())
        return tokenError(TokenErrorCode::BadJson, what + u" is not a JSON object"_s);
    return doc.object();
}

std::optional<QString> StrictJson::duplicateMember(const QByteArray &json) {
    DuplicateFinder finder;
    nlohmann::json::sax_parse(json.cbegin(), json.cend(), &finder,
                              nlohmann::json::input_format_t::json, true);
    if (finder.problem == DuplicateFinder::Problem::Duplicate)
        return finder.duplicatePath;
    return std::nullopt;
}

} // namespace pc
