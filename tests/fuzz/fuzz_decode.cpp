// libFuzzer target for proxycore/rewrite's ContentDecoder and BodyFilter (compressed BMC
// bodies): the input, after two control bytes, is a response body declared gzip or
// deflate; it goes through an iDRAC9 BodyFilter once whole and once in pseudo-random
// slices with pseudo-random pull sizes, and the target checks that
// - both runs give the same output and the same verdict (slicing never matters);
// - no pull returns more than it was allowed before rewriting grew it (bounded memory):
//   the decoded bytes per pull never exceed the pull size;
// - an error stays an error.
// Control byte 0: bit 0 the coding; the rest seed the slicing. Byte 1: the pull size.
#include "rewrite/bodyfilter.h"
#include "rewrite/bodypatterns.h"
#include "rewrite/contentdecoder.h"
#include "rewrite/rewritecontext.h"

#include <QLoggingCategory>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace pc;

namespace {

[[noreturn]] void violated(const char *what) {
    fprintf(stderr, "fuzz_decode invariant violated: %s\n", what);
    abort();
}

struct Rng {
    uint32_t state;
    uint32_t next() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
};

struct Outcome {
    QByteArray out;
    bool failed = false;
};

const BodyRewriter &rewriter() {
    static const BodyRewriter prototype = [] {
        const auto ctx =
            RewriteContext::create("gw.example.com:8443", true, u"10.0.0.5", 443, Platform::Idrac9);
        return BodyRewriter(
            BodyPatterns::build(ctx.value(), PlatformProfile::forPlatform(Platform::Idrac9).body));
    }();
    return prototype;
}

// Decoded bytes per pull, checked on a bare decoder run alongside.
Outcome run(ContentDecoder::Coding coding, QByteArrayView body, Rng *rng, qsizetype pullSize) {
    BodyFilter filter(rewriter(), coding);
    ContentDecoder bare(coding);
    Outcome o;
    qsizetype at = 0;
    while (at < body.size() && !o.failed) {
        const qsizetype n =
            rng ? std::min<qsizetype>(body.size() - at, 1 + rng->next() % 97) : body.size();
        filter.push(body.sliced(at, n));
        bare.push(body.sliced(at, n));
        at += n;
        while (filter.hasPending()) {
            auto piece = filter.pull(pullSize);
            auto plain = bare.pull(pullSize);
            if (piece.hasValue() != plain.hasValue())
                violated("the filter and its decoder disagree");
            if (!piece) {
                o.failed = true;
                if (filter.hasPending() || filter.pull(pullSize).hasValue())
                    violated("an error did not stay an error");
                break;
            }
            if (plain->size() > pullSize)
                violated("a pull decoded more than it was allowed");
            o.out += *piece;
        }
    }
    if (!o.failed) {
        auto rest = filter.finish();
        if (rest)
            o.out += *rest;
        else
            o.failed = true;
    }
    return o;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    QLoggingCategory::setFilterRules(QStringLiteral("pmproxy.rewrite.debug=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2)
        return 0;
    const auto coding =
        (data[0] & 1) ? ContentDecoder::Coding::Deflate : ContentDecoder::Coding::Gzip;
    const qsizetype pullSize = 1 + data[1] * 64;
    const QByteArrayView body(reinterpret_cast<const char *>(data) + 2, qsizetype(size - 2));
    const Outcome whole = run(coding, body, nullptr, 1 << 20);
    Rng rng{uint32_t(data[0]) * 2654435761u + 7};
    const Outcome sliced = run(coding, body, &rng, pullSize);
    if (whole.failed != sliced.failed)
        violated("slicing changed the verdict");
    if (!whole.failed && whole.out != sliced.out)
        violated("slicing changed the output");
    return 0;
}
