#include "cli/tokencommands.h"

#include "cli/commandline.h"
#include "cli/output.h"
#include "token/gpsessionlink.h"
#include "token/keyset.h"
#include "token/tokenminter.h"
#include "token/tokenverifier.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

constexpr qint64 kDefaultTtlSeconds = 300;
constexpr qint64 kVerifyLeewaySeconds = 30; // the configuration's default leeway

int usageError(const QString &message) {
    err() << "gatewayd token: " << message << Qt::endl
          << "Try 'gatewayd token mint --help' or 'gatewayd token verify --help'." << Qt::endl;
    return ExitUsage;
}

int refused(const pc::TokenError &error) {
    err() << "gatewayd token: " << error.toString() << Qt::endl;
    return error.reason() == pc::TokenErrorCode::Expired ? ExitTokenExpired : ExitUsage;
}

// Parses ARGS (starting with the subcommand name) or prints why not.
bool parseOrReport(QCommandLineParser &parser, const QStringList &args, int &exitCode) {
    parser.addHelpOption();
    if (!parser.parse(QStringList{u"gatewayd token"_s} + args.mid(1))) {
        exitCode = usageError(parser.errorText());
        return false;
    }
    if (parser.isSet(u"help"_s)) {
        out() << parser.helpText();
        exitCode = ExitOk;
        return false;
    }
    return true;
}

int runMint(const QStringList &args, const pc::Clock &clock) {
    QCommandLineParser p;
    p.setApplicationDescription(u"Mint a gpsession token and print it on stdout."_s);
    p.addOptions({
        {u"key"_s, u"Signing key: secret file, PEM private key or JWKS."_s, u"FILE"_s},
        {u"alg"_s, u"Algorithm (default: from the key type)."_s, u"ALG"_s},
        {u"kid"_s, u"Key id for the token header."_s, u"KID"_s},
        {u"ip"_s, u"The BMC's address."_s, u"IP"_s},
        {u"upstream"_s, u"The gateway, HOST[:PORT]."_s, u"HOST[:PORT]"_s},
        {u"port"_s, u"The BMC's HTTPS port (default 443)."_s, u"N"_s},
        {u"platform"_s, u"idrac8, idrac9, ilo5, asrockrack or generic."_s, u"P"_s},
        {u"agent"_s, u"Agent through which the BMC is reached."_s, u"ID"_s},
        {u"ttl"_s, u"Validity in seconds (default 300)."_s, u"SECONDS"_s},
        {u"sub"_s, u"Subject: who the token is for."_s, u"S"_s},
        {u"jti"_s, u"Token id for revocation and accounting (default: a random UUID)."_s, u"ID"_s},
    });
    int exitCode = ExitOk;
    if (!parseOrReport(p, args, exitCode))
        return exitCode;
    for (const auto *required : {"key", "ip", "upstream"}) {
        if (!p.isSet(QString::fromLatin1(required)))
            return usageError(u"--%1 is required"_s.arg(QString::fromLatin1(required)));
    }

    std::optional<pc::JwsAlgorithm> alg;
    if (p.isSet(u"alg"_s)) {
        alg = pc::jwsAlgorithmFromName(p.value(u"alg"_s));
        if (!alg)
            return usageError(u"unsupported --alg '%1'"_s.arg(p.value(u"alg"_s)));
    }
    bool ok = true;
    const qint64 ttl = p.isSet(u"ttl"_s) ? p.value(u"ttl"_s).toLongLong(&ok) : kDefaultTtlSeconds;
    if (!ok || ttl <= 0)
        return usageError(u"--ttl must be a positive number of seconds"_s);

    // The claims are assembled as JSON and validated by the same code that verifies
    // tokens, so mint never produces a token that verify would refuse for its claims.
    QJsonObject json{{u"ip"_s, p.value(u"ip"_s)}, {u"upstream"_s, p.value(u"upstream"_s)}};
    if (p.isSet(u"port"_s)) {
        const int port = p.value(u"port"_s).toInt(&ok);
        if (!ok)
            return usageError(u"--port must be a number"_s);
        json.insert(u"port"_s, port);
    }
    for (const auto *name : {"platform", "agent", "sub", "jti"}) {
        const QString key = QString::fromLatin1(name);
        if (p.isSet(key))
            json.insert(key, p.value(key));
    }
    if (!json.contains(u"jti"_s))
        json.insert(u"jti"_s, QUuid::createUuid().toString(QUuid::WithoutBraces));
    const qint64 now = clock.secsSinceEpoch();
    json.insert(u"exp"_s, now + ttl);
    auto claims = pc::GpsessionClaims::fromJson(json);
    if (!claims)
        return refused(claims.error());
    pc::TokenMinter::setValidity(*claims, now, ttl);

    auto keys = pc::KeySet::fromKeyFile(p.value(u"key"_s), alg, p.value(u"kid"_s));
    if (!keys)
        return refused(keys.error());
    auto key = keys->signingKey(p.value(u"kid"_s), alg);
    if (!key)
        return refused(key.error());
    auto token = pc::TokenMinter::mint(*claims, *key, {alg, p.value(u"kid"_s)});
    if (!token)
        return refused(token.error());
    out() << QString::fromLatin1(*token) << Qt::endl;
    return ExitOk;
}

int runVerify(const QStringList &args, std::shared_ptr<const pc::Clock> clock) {
    QCommandLineParser p;
    p.setApplicationDescription(u"Verify a gpsession token (or link) and print its claims."_s);
    p.addOption({u"key"_s, u"Verification key: secret file, PEM key or JWKS."_s, u"FILE"_s});
    p.addPositionalArgument(u"TOKEN"_s, u"The token, or a gpsession link."_s);
    int exitCode = ExitOk;
    if (!parseOrReport(p, args, exitCode))
        return exitCode;
    if (!p.isSet(u"key"_s))
        return usageError(u"--key is required"_s);
    if (p.positionalArguments().size() != 1)
        return usageError(u"exactly one TOKEN is required"_s);

    auto link = pc::GpsessionLink::parse(p.positionalArguments().constFirst());
    if (!link)
        return refused(link.error());
    auto keys = pc::KeySet::fromKeyFile(p.value(u"key"_s));
    if (!keys)
        return refused(keys.error());
    pc::TokenVerifierOptions options;
    options.keys = std::move(keys).value();
    options.leewaySeconds = kVerifyLeewaySeconds;
    options.clock = std::move(clock);
    const pc::TokenVerifier verifier(std::move(options));
    auto claims = verifier.verify(QStringView(link->token));
    if (!claims)
        return refused(claims.error());
    out() << QString::fromUtf8(QJsonDocument(claims->raw).toJson(QJsonDocument::Indented));
    out().flush();
    return ExitOk;
}

} // namespace

int runTokenCommand(const QStringList &args, std::shared_ptr<const pc::Clock> clock) {
    clock = pc::Clock::orSystem(std::move(clock));
    // The command prints its own result and reasons; the library's diagnostics stay quiet.
    QLoggingCategory::setFilterRules(u"pmproxy.*.debug=false\npmproxy.*.info=false"_s);
    const QString sub = args.value(0);
    if (sub == u"mint")
        return runMint(args, *clock);
    if (sub == u"verify")
        return runVerify(args, std::move(clock));
    return usageError(sub.isEmpty() ? u"missing subcommand: mint or verify"_s
                                    : u"unknown subcommand '%1': mint or verify"_s.arg(sub));
}

} // namespace gw
