// `gatewayd token mint|verify` in-process with a fake clock: a minted token's iat, nbf and
// exp, and whether verify accepts a token, are decided by the injected clock (the
// machine's only when none is given), so no test waits for a real expiry.
#include "cli/commandline.h"
#include "cli/output.h"
#include "cli/tokencommands.h"
#include "fakeclock.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <catch2/catch.hpp>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
};

// Runs the token command with this process's stdout going to a temporary file.
Run tokenCommand(const QStringList &args, std::shared_ptr<const pc::Clock> clock) {
    QTemporaryFile file;
    REQUIRE(file.open());
    gw::out().flush();
    std::fflush(stdout);
    const int saved = ::dup(STDOUT_FILENO);
    REQUIRE(saved >= 0);
    REQUIRE(::dup2(file.handle(), STDOUT_FILENO) >= 0);
    Run run;
    run.exitCode = gw::runTokenCommand(args, std::move(clock));
    gw::out().flush();
    std::fflush(stdout);
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    REQUIRE(file.seek(0));
    run.out = file.readAll();
    return run;
}

QJsonObject claimsOf(const QByteArray &token) {
    const QByteArray payload = token.split('.').value(1);
    return QJsonDocument::fromJson(QByteArray::fromBase64(payload, QByteArray::Base64UrlEncoding))
        .object();
}

} // namespace

TEST_CASE("gatewayd token: mint and verify tell the time by the injected clock") {
    QTemporaryDir dir;
    const QString key = dir.filePath(u"jwt.secret"_s);
    {
        QFile f(key);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("c2VjcmV0LWZvci10aGUtdG9rZW4tY2xvY2stdGVzdC0xMjM0NTY3ODkw\n");
    }
    constexpr qint64 kThen = 1000000000; // 2001: long past on the machine's clock
    const auto clock = testsupport::FakeClock::atSecs(kThen);

    const Run mint = tokenCommand({u"mint"_s, u"--key"_s, key, u"--ip"_s, u"10.0.0.5"_s,
                                   u"--upstream"_s, u"gw.example.com:8443"_s, u"--ttl"_s, u"120"_s},
                                  clock);
    REQUIRE(mint.exitCode == gw::ExitOk);
    const QByteArray token = mint.out.trimmed();
    const QJsonObject claims = claimsOf(token);
    CHECK(claims.value(u"iat"_s).toInteger() == kThen);
    CHECK(claims.value(u"nbf"_s).toInteger() == kThen);
    CHECK(claims.value(u"exp"_s).toInteger() == kThen + 120);

    const QStringList verify{u"verify"_s, u"--key"_s, key, QString::fromLatin1(token)};
    // Valid on the fake clock until exp and the 30 s leeway have passed (RFC 7519 §4.1.4).
    CHECK(tokenCommand(verify, clock).exitCode == gw::ExitOk);
    clock->advanceSecs(120 + 29);
    CHECK(tokenCommand(verify, clock).exitCode == gw::ExitOk);
    clock->advanceSecs(1);
    CHECK(tokenCommand(verify, clock).exitCode == gw::ExitTokenExpired);
    // Without a clock, the machine's: 2001's token expired long ago.
    CHECK(tokenCommand(verify, nullptr).exitCode == gw::ExitTokenExpired);
}
