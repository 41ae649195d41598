// bmcsim: an emulated BMC for the demo and for tests that want it as a process.
//
//   bmcsim --platform idrac9|idrac8|ilo5|asrockrack|generic [--listen 127.0.0.1:0]
//          [--advertise HOST[:PORT]] [--cert FILE --key FILE] [--cert-out FILE]
//          [--user U --password P] [--compress]
//
// Once listening it prints one JSON line on stdout, e.g.
//   {"port":40123,"platform":"idrac9","user":"root","password":"calvin",
//    "origin":"https://127.0.0.1:40123"}
// and serves until killed. Refusals are logged on stderr (category "bmcsim").

#include "bmcsim/bmcserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QUrl>
#include <cstdio>
#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;
using namespace bmcsim;

namespace {

int fail(const QString &message) {
    std::fprintf(stderr, "bmcsim: %s\n", qPrintable(message));
    return 2;
}

QByteArray readFile(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return {};
    }
    return file.readAll();
}

QSslKey parseKey(const QByteArray &pem) {
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm);
        if (!key.isNull())
            return key;
    }
    return {};
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bmcsim"_s);

    QCommandLineParser cli;
    cli.setApplicationDescription(u"An emulated BMC (iDRAC8/9, iLO5, ASRockRack, OpenBMC) "
                                  "for pmproxy's tests and demo."_s);
    cli.addHelpOption();
    const QCommandLineOption platformOption(u"platform"_s, platformNames().join(u'|'), u"name"_s,
                                            u"generic"_s);
    const QCommandLineOption listenOption(u"listen"_s, u"Address and port; port 0: any free."_s,
                                          u"host:port"_s, u"127.0.0.1:0"_s);
    const QCommandLineOption advertiseOption(
        u"advertise"_s, u"The address the BMC believes it has (Host check, URLs, cookies)."_s,
        u"host[:port]"_s);
    const QCommandLineOption certOption(u"cert"_s, u"Certificate (PEM)."_s, u"file"_s);
    const QCommandLineOption keyOption(u"key"_s, u"Private key (PEM)."_s, u"file"_s);
    const QCommandLineOption certOutOption(
        u"cert-out"_s, u"Write the certificate in use (PEM) here."_s, u"file"_s);
    const QCommandLineOption userOption(u"user"_s, u"Login user name."_s, u"name"_s);
    const QCommandLineOption passwordOption(u"password"_s, u"Login password."_s, u"secret"_s);
    const QCommandLineOption compressOption(
        u"compress"_s, u"gzip HTML/JS/JSON/CSS/XML responses when the request accepts gzip, "
                       "as real firmware does."_s);
    cli.addOptions({platformOption, listenOption, advertiseOption, certOption, keyOption,
                    certOutOption, userOption, passwordOption, compressOption});
    cli.process(app);

    ServerOptions options;
    const auto platform = platformFromName(cli.value(platformOption));
    if (!platform)
        return fail(u"unknown platform '%1' (one of %2)"_s.arg(cli.value(platformOption),
                                                               platformNames().join(u", "_s)));
    options.platform = *platform;

    const QUrl listen(u"https://"_s + cli.value(listenOption), QUrl::StrictMode);
    const QHostAddress address(listen.host());
    if (!listen.isValid() || address.isNull() || listen.port() < 0)
        return fail(u"--listen wants an IP address and a port, e.g. 127.0.0.1:0"_s);
    options.address = address;
    options.port = quint16(listen.port());
    options.advertise = cli.value(advertiseOption);
    options.user = cli.value(userOption);
    options.password = cli.value(passwordOption);
    options.compress = cli.isSet(compressOption);

    if (cli.isSet(certOption) != cli.isSet(keyOption))
        return fail(u"--cert and --key go together"_s);
    if (cli.isSet(certOption)) {
        QString error;
        const QByteArray certPem = readFile(cli.value(certOption), &error);
        const QByteArray keyPem = error.isEmpty() ? readFile(cli.value(keyOption), &error) : "";
        if (!error.isEmpty())
            return fail(error);
        options.certificate = QSslCertificate(certPem);
        options.key = parseKey(keyPem);
        if (options.certificate.isNull() || options.key.isNull())
            return fail(u"cannot parse the certificate or key (PEM expected)"_s);
    }

    BmcServer server(options);
    const auto port = server.listen();
    if (!port)
        return fail(port.error());

    if (cli.isSet(certOutOption)) {
        QFile out(cli.value(certOutOption));
        if (!out.open(QIODevice::WriteOnly) || out.write(server.certificate().toPem()) < 0)
            return fail(u"cannot write %1: %2"_s.arg(out.fileName(), out.errorString()));
    }

    // In this key order (nlohmann's ordered_json keeps it), for scripts that read it.
    nlohmann::ordered_json ready;
    ready["port"] = *port;
    ready["platform"] = platformName(server.platform()).toStdString();
    ready["user"] = server.user().toStdString();
    ready["password"] = server.password().toStdString();
    ready["origin"] = server.address().origin().toStdString();
    std::fputs((ready.dump() + '\n').c_str(), stdout);
    std::fflush(stdout);
    return QCoreApplication::exec();
}
