// ContentDecoder and BodyFilter: gzip, x-gzip, zlib and raw deflate decoded in any split,
// corrupt or truncated data an error, output bounded per pull whatever the ratio, and a
// compressed BMC page rewritten through BodyFilter.
#include "rewrite/bodyfilter.h"
#include "rewrite/bodypatterns.h"
#include "rewrite/contentdecoder.h"
#include "rewritetesthelpers.h"

#include <QRandomGenerator>
#include <catch2/catch.hpp>
#include <zlib.h>

using pc::ContentDecoder;
using Coding = pc::ContentDecoder::Coding;
using namespace rt;

namespace {

// DATA compressed by zlib: windowBits 31 gzip, 15 zlib, -15 raw deflate.
QByteArray compress(const QByteArray &data, int windowBits, int level = Z_DEFAULT_COMPRESSION) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    QByteArray out(qsizetype(deflateBound(&z, uLong(data.size()))), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

struct Decoded {
    QByteArray out;
    QString error;
    int pulls = 0;
    qsizetype largestPull = 0;
};

// COMPRESSED pushed in pieces of STEP bytes, each drained in pulls of at most MAX bytes,
// the way ProxyExchange does it; then finish().
Decoded decode(Coding coding, const QByteArray &compressed, qsizetype step, qsizetype max) {
    ContentDecoder decoder(coding);
    Decoded d;
    for (qsizetype at = 0; at < compressed.size() && d.error.isEmpty(); at += step) {
        decoder.push(QByteArrayView(compressed).sliced(at, std::min(step, compressed.size() - at)));
        while (decoder.hasPending()) {
            auto piece = decoder.pull(max);
            if (!piece) {
                d.error = piece.error();
                break;
            }
            ++d.pulls;
            d.largestPull = std::max(d.largestPull, piece->size());
            d.out += *piece;
        }
    }
    if (d.error.isEmpty())
        d.error = decoder.finish();
    return d;
}

QByteArray page() {
    QByteArray text;
    for (int i = 0; i < 200; ++i)
        text += "<a href=\"https://10.0.0.5/restgui/page" + QByteArray::number(i) +
                ".html\">page</a> wss://10.0.0.5/console ip=10.0.0.5&kvmport=443\n";
    return text;
}

} // namespace

TEST_CASE("content decoder: the codings browsers accept, and no others") {
    CHECK(ContentDecoder::codingOf("gzip") == Coding::Gzip);
    CHECK(ContentDecoder::codingOf(" X-GZIP ") == Coding::Gzip);
    CHECK(ContentDecoder::codingOf("Deflate") == Coding::Deflate);
    for (const char *other :
         {"br", "zstd", "compress", "identity", "gzip, gzip", "deflate, br", ""})
        CHECK_FALSE(ContentDecoder::codingOf(other).has_value());
}

TEST_CASE("content decoder: gzip, zlib and raw deflate, split anywhere") {
    const QByteArray text = page();
    struct Format {
        const char *name;
        Coding coding;
        int windowBits;
    };
    for (const Format f : {Format{"gzip", Coding::Gzip, 31}, Format{"zlib", Coding::Deflate, 15},
                           Format{"raw deflate", Coding::Deflate, -15}}) {
        INFO(f.name);
        const QByteArray compressed = compress(text, f.windowBits);
        const Decoded whole = decode(f.coding, compressed, compressed.size(), 1 << 20);
        CHECK(whole.error.isEmpty());
        CHECK(whole.out == text);
        const Decoded bytewise = decode(f.coding, compressed, 1, 7);
        CHECK(bytewise.error.isEmpty());
        CHECK(bytewise.out == text);
        CHECK(bytewise.largestPull <= 7);
        for (qsizetype step : {2, 3, 100, 1000}) {
            INFO("pieces of " << step);
            CHECK(decode(f.coding, compressed, step, 64).out == text);
        }
    }
}

TEST_CASE("content decoder: output is bounded per pull whatever the compression ratio") {
    const QByteArray zeros(16 * 1024 * 1024, '\0');
    const QByteArray bomb = compress(zeros, 31, 9);
    CHECK(bomb.size() < 64 * 1024); // one read piece of ProxyExchange
    const Decoded d = decode(Coding::Gzip, bomb, bomb.size(), 64 * 1024);
    CHECK(d.error.isEmpty());
    CHECK(d.out.size() == zeros.size());
    CHECK(d.largestPull <= 64 * 1024);
    CHECK(d.pulls >= 256);
}

TEST_CASE("content decoder: corrupt data is an error, and stays one") {
    const Decoded notGzip = decode(Coding::Gzip, "<html>not compressed</html>", 100, 1024);
    CHECK(notGzip.error.contains(QStringLiteral("corrupt gzip data")));
    // Raw deflate whose first block has the reserved type 3.
    const Decoded badDeflate = decode(Coding::Deflate, QByteArray(16, '\xff'), 16, 1024);
    CHECK(badDeflate.error.contains(QStringLiteral("corrupt deflate data")));

    QByteArray damaged = compress(page(), 31);
    for (qsizetype i = 20; i < 60; ++i)
        damaged[i] = char(0xff);
    ContentDecoder decoder(Coding::Gzip);
    decoder.push(damaged);
    auto first = decoder.pull(1 << 20);
    REQUIRE_FALSE(first.hasValue());
    CHECK_FALSE(decoder.hasPending());
    decoder.push("more");
    CHECK_FALSE(decoder.pull(1024).hasValue());
    CHECK(decoder.finish() == first.error());

    // A wrong CRC in the gzip trailer.
    QByteArray badCrc = compress(page(), 31);
    badCrc[badCrc.size() - 8] = char(badCrc.at(badCrc.size() - 8) ^ 0x01);
    CHECK_FALSE(decode(Coding::Gzip, badCrc, 1000, 1024).error.isEmpty());
}

TEST_CASE("content decoder: truncated data is reported at the end, an empty body is fine") {
    const QByteArray full = compress(page(), 31);
    for (qsizetype cut : {qsizetype(1), qsizetype(10), full.size() / 2, full.size() - 1}) {
        INFO("cut to " << cut);
        const Decoded d = decode(Coding::Gzip, full.first(cut), 100, 1024);
        CHECK(d.error.contains(QStringLiteral("truncated")));
    }
    CHECK(decode(Coding::Deflate, compress(page(), 15).first(1), 1, 1024)
              .error.contains(QStringLiteral("truncated")));
    ContentDecoder empty(Coding::Gzip);
    CHECK_FALSE(empty.hasPending());
    CHECK(empty.finish().isEmpty());
}

TEST_CASE("content decoder: bytes after the end of the stream are ignored") {
    const QByteArray text = page();
    const Decoded d = decode(Coding::Gzip, compress(text, 31) + "trailing garbage", 64, 4096);
    CHECK(d.error.isEmpty());
    CHECK(d.out == text);
}

TEST_CASE("body filter: a gzip-compressed iDRAC9 page is rewritten in any split") {
    const pc::RewriteContext ctx = context(pc::Platform::Idrac9);
    const pc::BodyRewriter rewriter(
        pc::BodyPatterns::build(ctx, pc::PlatformProfile::forPlatform(ctx.platform).body));
    const QByteArray text = page();
    const QByteArray expected = filterWhole(rewriter, text);
    REQUIRE(expected.contains("https://gw.example.com:8443/restgui/page199.html"));
    REQUIRE_FALSE(expected.contains("10.0.0.5"));
    const QByteArray compressed = compress(text, 31);
    for (qsizetype step : {qsizetype(1), qsizetype(13), qsizetype(700), compressed.size()}) {
        for (qsizetype max : {1, 50, 65536}) {
            INFO("pieces of " << step << ", pulls of " << max);
            pc::BodyFilter filter(rewriter, Coding::Gzip);
            CHECK(filter.decodes());
            QByteArray out;
            for (qsizetype at = 0; at < compressed.size(); at += step) {
                filter.push(
                    QByteArrayView(compressed).sliced(at, std::min(step, compressed.size() - at)));
                while (filter.hasPending()) {
                    auto piece = filter.pull(max);
                    REQUIRE(piece.hasValue());
                    out += *piece;
                }
            }
            auto rest = filter.finish();
            REQUIRE(rest.hasValue());
            CHECK(str(out + *rest) == str(expected));
        }
    }
    // Uncompressed bodies go through the same filter unchanged in behaviour.
    pc::BodyFilter plain(rewriter, std::nullopt);
    CHECK_FALSE(plain.decodes());
    plain.push(text);
    auto out = plain.pull(10);
    REQUIRE(out.hasValue());
    CHECK(str(*out + *plain.finish()) == str(expected));
    // A truncated compressed body fails at the end.
    pc::BodyFilter truncated(rewriter, Coding::Gzip);
    truncated.push(compressed.first(compressed.size() / 2));
    while (truncated.hasPending())
        REQUIRE(truncated.pull(65536).hasValue());
    CHECK_FALSE(truncated.finish().hasValue());
}
