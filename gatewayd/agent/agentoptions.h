#pragma once

#include "config/subnet.h"
#include "util/expected.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QStringList>
#include <QUrl>

namespace gw {

// What `gatewayd agent` runs with (PRODUCT.md §3, docs/agents-protocol.md), read from
// its command line and checked before anything starts.
struct AgentOptions {
    QList<QUrl> gateways; // wss://HOST:PORT/.pmproxy/agent, one link each
    QString id;
    QByteArray secret; // the secret file's bytes, trailing whitespace removed; never logged
    QList<Subnet> allow;
    QList<QSslCertificate> extraCas; // --ca: trusted besides the system store
    QUrl publish;                    // --publish (empty: none)

    // ARGS are the arguments after `gatewayd agent`. The error is one line for stderr.
    static pc::Expected<AgentOptions, QString> parse(const QStringList &args);
    static QString usage();

    // Whether ADDRESS is inside one of the --allow networks.
    bool allows(const QHostAddress &address) const;
};

} // namespace gw
