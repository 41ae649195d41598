// bench_idletunnels URL CA_PEM TOKENS_FILE: holds one idle app tunnel per token (one per
// line) to gatewayd until SIGTERM or stdin closes; see IdleTunnels and tests/bench/README.md.
#include "idletunnels.h"

#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>
#include <cstdio>
#include <unistd.h>

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: bench_idletunnels URL CA_PEM TOKENS_FILE\n");
        return 1;
    }
    QFile tokensFile(args.at(3));
    if (!tokensFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(args.at(3)));
        return 1;
    }
    QList<QByteArray> tokens;
    for (const QByteArray &line : tokensFile.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            tokens.append(line.trimmed());
    const QList<QSslCertificate> cas = QSslCertificate::fromPath(args.at(2));
    if (cas.isEmpty() || tokens.isEmpty()) {
        std::fprintf(stderr, "no CA certificate or no tokens\n");
        return 1;
    }
    bench::IdleTunnels tunnels(QUrl(args.at(1)), tokens, cas);
    // Ends when the bench closes our stdin (or dies): no orphaned tunnels.
    QSocketNotifier stdinClosed(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&stdinClosed, &QSocketNotifier::activated, &app, [&] {
        char c;
        if (::read(STDIN_FILENO, &c, 1) <= 0)
            QCoreApplication::quit();
    });
    tunnels.start();
    return app.exec();
}
