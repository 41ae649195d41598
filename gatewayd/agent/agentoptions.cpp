#include "agent/agentoptions.h"

#include "agent/agentproof.h"
#include "agent/agentwire.h"

#include <QCommandLineParser>
#include <QFile>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

using Result = pc::Expected<AgentOptions, QString>;

// wss://HOST[:PORT] (a path, if any, must be "/" or the agent path itself).
pc::Expected<QUrl, QString> gatewayUrl(const QString &text) {
    const QUrl url(text, QUrl::StrictMode);
    const QString path = url.path();
    if (!url.isValid() || url.scheme() != u"wss" || url.host().isEmpty() ||
        !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment() ||
        !(path.isEmpty() || path == u"/" || path == QLatin1StringView(pc::agentwire::kPath)))
        return pc::unexpected(u"--gateway \"%1\" is not wss://HOST[:PORT]"_s.arg(text));
    QUrl result;
    result.setScheme(u"wss"_s);
    result.setHost(url.host());
    result.setPort(url.port(443));
    result.setPath(QLatin1StringView(pc::agentwire::kPath));
    return result;
}

pc::Expected<QUrl, QString> publishUrl(const QString &text) {
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") ||
        url.host().isEmpty() || !url.userInfo().isEmpty())
        return pc::unexpected(u"--publish \"%1\" is not http[s]://HOST[:PORT][/PATH]"_s.arg(text));
    return url;
}

pc::Expected<QByteArray, QString> readSecret(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return pc::unexpected(u"--secret-file %1: %2"_s.arg(path, file.errorString()));
    const QByteArray secret = pc::AgentProof::secretFromFile(file.read(64 * 1024));
    if (secret.size() < pc::AgentProof::kMinSecretBytes)
        return pc::unexpected(u"--secret-file %1: the secret must hold at least %2 bytes"_s.arg(
            path, QString::number(pc::AgentProof::kMinSecretBytes)));
    return secret;
}

} // namespace

QString AgentOptions::usage() {
    return uR"(Usage: gatewayd agent --gateway wss://HOST[:PORT] [--gateway ...] --id ID
                      --secret-file FILE --allow CIDR [--allow ...] [--ca FILE] [--publish URL]
Dials out to each gateway and carries its connections to the BMCs inside --allow.
  --gateway URL       a gateway to connect to (several: one connection each)
  --id ID             this agent's id, as in the gateway's agents[]
  --secret-file FILE  the secret shared with the gateways (at least 16 bytes)
  --allow CIDR        a network the agent may connect to (at least one)
  --ca FILE           trust this CA/certificate for the gateways (besides the system store)
  --publish URL       the service reached as https://<id>.<agentDomain> (http or https)
)"_s;
}

Result AgentOptions::parse(const QStringList &args) {
    QCommandLineParser parser;
    parser.addOptions({
        {u"gateway"_s, u"Gateway."_s, u"URL"_s},
        {u"id"_s, u"Agent id."_s, u"ID"_s},
        {u"secret-file"_s, u"Secret."_s, u"FILE"_s},
        {u"allow"_s, u"Allowed network."_s, u"CIDR"_s},
        {u"ca"_s, u"Gateway CA."_s, u"FILE"_s},
        {u"publish"_s, u"Published service."_s, u"URL"_s},
    });
    if (!parser.parse(QStringList{u"gatewayd agent"_s} + args))
        return pc::unexpected(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return pc::unexpected(u"unexpected argument \"%1\""_s.arg(parser.positionalArguments()[0]));
    for (const char *single : {"id", "secret-file", "ca", "publish"}) {
        if (parser.values(QLatin1StringView(single)).size() > 1)
            return pc::unexpected(u"--%1 is given more than once"_s.arg(QLatin1StringView(single)));
    }

    AgentOptions options;
    const QStringList gateways = parser.values(u"gateway"_s);
    if (gateways.isEmpty())
        return pc::unexpected(u"give at least one --gateway wss://HOST[:PORT]"_s);
    for (const QString &text : gateways) {
        auto url = gatewayUrl(text);
        if (!url)
            return pc::unexpected(url.error());
        if (options.gateways.contains(*url))
            return pc::unexpected(u"--gateway \"%1\" is given twice"_s.arg(text));
        options.gateways.append(*url);
    }

    options.id = parser.value(u"id"_s);
    if (!parser.isSet(u"id"_s))
        return pc::unexpected(u"--id ID is required"_s);
    if (!pc::AgentProof::isValidId(options.id))
        return pc::unexpected(
            u"--id \"%1\" is not a valid agent id (letters, digits, \".\", "
            u"\"_\", \"-\"; at most 64, starting with a letter or digit)"_s.arg(options.id));

    if (!parser.isSet(u"secret-file"_s))
        return pc::unexpected(u"--secret-file FILE is required"_s);
    auto secret = readSecret(parser.value(u"secret-file"_s));
    if (!secret)
        return pc::unexpected(secret.error());
    options.secret = *secret;

    // An agent that may reach everything is a foot-gun: the networks are always explicit.
    const QStringList allow = parser.values(u"allow"_s);
    if (allow.isEmpty())
        return pc::unexpected(u"give at least one --allow CIDR (the networks this agent may "
                              u"connect to)"_s);
    for (const QString &text : allow) {
        auto subnet = Subnet::parse(text);
        if (!subnet)
            return pc::unexpected(u"--allow: "_s + subnet.error());
        options.allow.append(*subnet);
    }

    if (parser.isSet(u"ca"_s)) {
        const QString path = parser.value(u"ca"_s);
        if (!QFile::exists(path))
            return pc::unexpected(u"--ca %1: no such file"_s.arg(path));
        options.extraCas = QSslCertificate::fromPath(path, QSsl::Pem);
        if (options.extraCas.isEmpty())
            return pc::unexpected(u"--ca %1: no PEM certificate in it"_s.arg(path));
    }

    if (parser.isSet(u"publish"_s)) {
        auto url = publishUrl(parser.value(u"publish"_s));
        if (!url)
            return pc::unexpected(url.error());
        options.publish = *url;
    }
    return options;
}

bool AgentOptions::allows(const QHostAddress &address) const {
    for (const Subnet &subnet : allow) {
        if (subnet.contains(address))
            return true;
    }
    return false;
}

} // namespace gw
