// Strict base64url and duplicate-refusing JSON.
#include "token/base64url.h"
#include "token/strictjson.h"
#include "tokentesthelpers.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace tt;

TEST_CASE("token: base64url encodes without padding and decodes strictly") {
    CHECK(pc::Base64Url::encode("") == "");
    CHECK(pc::Base64Url::encode("f") == "Zg");
    CHECK(pc::Base64Url::encode("fo") == "Zm8");
    CHECK(pc::Base64Url::encode("foo") == "Zm9v");
    CHECK(pc::Base64Url::encode("\xfb\xff") == "-_8");
    for (const char *text : {"", "Zg", "Zm8", "Zm9v", "-_8", "AAAA"}) {
        INFO(text);
        auto decoded = pc::Base64Url::decode(text);
        REQUIRE(codeOf(decoded) == "ok");
        CHECK(pc::Base64Url::encode(*decoded) == QByteArray(text));
    }
    for (const char *text : {"Zg==", "Zm8=", "Z", "Zm9vZ", "+_8", "-/8", "Zm 9v", "Zm9v\n", "Zh",
                             "Zm9", "Zg.", "Z\xc3\xa9"}) {
        INFO(text);
        CHECK(codeOf(pc::Base64Url::decode(text)) == "bad_base64");
    }
}

TEST_CASE("token: strict JSON refuses duplicates at any depth and non-objects") {
    const QString what = u"test document"_s;
    CHECK(codeOf(pc::StrictJson::parseObject(R"({"a":1,"b":{"a":2},"c":[{"a":3}]})", what)) ==
          "ok");
    CHECK(codeOf(pc::StrictJson::parseObject(R"({"a":1,"a":1})", what)) == "duplicate_member");
    CHECK(codeOf(pc::StrictJson::parseObject(R"({"a":{"b":1,"b":2}})", what)) ==
          "duplicate_member");
    CHECK(codeOf(pc::StrictJson::parseObject(R"({"x":[{"b":1,"b":2}]})", what)) ==
          "duplicate_member");
    CHECK(codeOf(pc::StrictJson::parseObject(R"({"a":1,"\u0061":2})", what)) == "duplicate_member");
    auto dup = pc::StrictJson::parseObject(R"({"exp":1,"exp":2})", what);
    CHECK(messageOf(dup).find("exp") != std::string::npos);
    CHECK(messageOf(dup).find("test document") != std::string::npos);

    for (const char *text : {"", "[]", "1", "\"s\"", "null", "{", "{\"a\":}", "{\"a\":1} {}",
                             "{'a':1}", "{\"a\":1,}", "{\"a\":\"\xff\"}"}) {
        INFO(text);
        CHECK(codeOf(pc::StrictJson::parseObject(text, what)) == "bad_json");
    }
    QByteArray deep;
    for (int i = 0; i < 40; ++i)
        deep += "{\"a\":";
    deep += "1";
    for (int i = 0; i < 40; ++i)
        deep += "}";
    CHECK(codeOf(pc::StrictJson::parseObject(deep, what)) == "bad_json");
    auto value = pc::StrictJson::parseObject(R"({"n":1.5,"s":"x","t":true})", what);
    REQUIRE(codeOf(value) == "ok");
    CHECK(value->value(u"n"_s).toDouble() == 1.5);
}
