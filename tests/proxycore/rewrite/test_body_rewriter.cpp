// BodyRewriter: the streaming filter on its own — every split point, byte by byte, a
// reference implementation on random bodies, bounded hold-back.
#include "rewrite/bodyrewriter.h"
#include "rewritetesthelpers.h"

#include <QRandomGenerator>
#include <catch2/catch.hpp>

using pc::BodyRewriter;
using namespace rt;

namespace {

using Rules = QList<BodyRewriter::Replacement>;

// The semantics spelt out on the whole body at once: at each position the longest
// pattern that occurs there with passing guards is replaced, else one byte is copied.
QByteArray reference(const Rules &rules, const QByteArray &body) {
    QByteArray out;
    qsizetype i = 0;
    while (i < body.size()) {
        const BodyRewriter::Replacement *best = nullptr;
        for (const auto &r : rules) {
            if (r.from.isEmpty() || !QByteArrayView(body).sliced(i).startsWith(r.from))
                continue;
            const qsizetype end = i + r.from.size();
            if (i > 0 && r.notBefore.contains(body.at(i - 1)))
                continue;
            if (end < body.size() && r.notAfter.contains(body.at(end)))
                continue;
            if (!best || r.from.size() > best->from.size())
                best = &r;
        }
        if (best) {
            out += best->to;
            i += best->from.size();
        } else {
            out += body.at(i++);
        }
    }
    return out;
}

void checkEverySplit(const BodyRewriter &prototype, const QByteArray &body,
                     const QByteArray &expected) {
    CHECK(str(filterWhole(prototype, body)) == str(expected));
    CHECK(str(filterBytewise(prototype, body)) == str(expected));
    for (qsizetype at = 0; at <= body.size(); ++at) {
        INFO("split at " << at);
        REQUIRE(str(filterSplit(prototype, body, at)) == str(expected));
    }
}

} // namespace

TEST_CASE("body filter: replacements are found across every split point") {
    const BodyRewriter f(Rules{{"https://10.0.0.5", "https://gw.example.com:8443", {}, {}}});
    const QByteArray body = "<a href=\"https://10.0.0.5/x\">https://10.0.0.5</a>https://10.0.0.";
    checkEverySplit(f, body,
                    "<a href=\"https://gw.example.com:8443/x\">https://gw.example.com:8443</a>"
                    "https://10.0.0.");
}

TEST_CASE("body filter: leftmost first, then longest, never overlapping") {
    const BodyRewriter f(Rules{{"ab", "X", {}, {}}, {"abc", "Y", {}, {}}, {"bcd", "Z", {}, {}}});
    checkEverySplit(f, "abcab", "YX");
    checkEverySplit(f, "abcd", "Yd"); // "abc" starts first and wins over "bcd"
    checkEverySplit(f, "xbcdab", "xZX");
    checkEverySplit(f, "aab", "aX");
}

TEST_CASE("body filter: guards refuse occurrences inside longer tokens") {
    const BodyRewriter f(
        Rules{{"ip=10.0.0.5", "ip=gw", "abcdefghijklmnopqrstuvwxyz_", "0123456789."}});
    checkEverySplit(f, "?ip=10.0.0.5&vip=10.0.0.5&ip=10.0.0.55&ip=10.0.0.5.1&client_ip=10.0.0.5",
                    "?ip=gw&vip=10.0.0.5&ip=10.0.0.55&ip=10.0.0.5.1&client_ip=10.0.0.5");
    // The body's start and end satisfy the guards.
    checkEverySplit(f, "ip=10.0.0.5", "ip=gw");
}

TEST_CASE("body filter: held-back bytes stay within the bound on a large streamed body") {
    const Rules rules{{"https://10.0.0.5", "https://gw.example.com:8443", {}, "0123456789:."},
                      {"kvmport=443", "kvmport=8443", "abcdefghijklmnopqrstuvwxyz", "0123456789"}};
    BodyRewriter f(rules);
    CHECK(f.holdBackLimit() == QByteArray("https://10.0.0.5").size()); // longest − 1 + 1 lookahead
    QByteArray body;
    for (int i = 0; i < 20000; ++i)
        body +=
            "{\"u\":\"https://10.0.0.5/a\",\"p\":\"kvmport=443\",\"n\":" + QByteArray::number(i) +
            "}\n";
    QByteArray out;
    for (qsizetype at = 0; at < body.size(); at += 4093) {
        out += f.feed(QByteArrayView(body).sliced(at, std::min<qsizetype>(4093, body.size() - at)));
        REQUIRE(f.heldBack() <= f.holdBackLimit());
    }
    out += f.finish();
    CHECK(f.replacementCount() == 40000);
    CHECK(out == reference(rules, body));
    CHECK_FALSE(out.contains("10.0.0.5"));
}

TEST_CASE("body filter: random bodies and random chunkings agree with the reference") {
    const Rules rules{{"aba", "1", {}, {}},
                      {"ab", "22", "c", {}},
                      {"bab", "", {}, "a"},
                      {"c", "cc", {}, "c"},
                      {"abab", "4", {}, {}}};
    const BodyRewriter prototype(rules);
    QRandomGenerator rng(20240607);
    for (int round = 0; round < 400; ++round) {
        QByteArray body;
        const int length = int(rng.bounded(40));
        for (int i = 0; i < length; ++i)
            body += "abcx"[rng.bounded(4)];
        const QByteArray expected = reference(rules, body);
        INFO("body " << body.toStdString());
        REQUIRE(str(filterWhole(prototype, body)) == str(expected));
        BodyRewriter f = prototype;
        QByteArray out;
        for (qsizetype at = 0; at < body.size();) {
            const qsizetype n = std::min<qsizetype>(body.size() - at, rng.bounded(1, 6));
            out += f.feed(QByteArrayView(body).sliced(at, n));
            REQUIRE(f.heldBack() <= f.holdBackLimit());
            at += n;
        }
        out += f.finish();
        REQUIRE(str(out) == str(expected));
    }
}

TEST_CASE("body filter: no patterns is the identity, empty patterns are ignored") {
    BodyRewriter none(Rules{});
    CHECK(none.isEmpty());
    CHECK(none.holdBackLimit() == 0);
    CHECK(str(none.feed("abc")) == "abc");
    CHECK(str(none.finish()) == "");
    BodyRewriter empty(Rules{{"", "X", {}, {}}});
    CHECK(empty.isEmpty());
    CHECK(str(filterWhole(empty, "abc")) == "abc");
}

TEST_CASE("body filter: finish flushes the held-back tail once") {
    BodyRewriter f(Rules{{"https://10.0.0.5", "G", {}, "0123456789"}});
    CHECK(str(f.feed("x https://10.0.0")) == "");
    CHECK(f.heldBack() == 16);
    CHECK(str(f.feed(".5")) == "x ");
    CHECK(str(f.finish()) == "G");
    CHECK(str(f.finish()) == "");
}
