#include "agentfixture.h"

#include "waitfor.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace agenttest {

namespace {

QString writeFile(const QString &path, const QByteArray &content) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return path;
}

} // namespace

AgentFixture::AgentFixture()
    : gateway(u"site-a"_s, secret) {
    secretFile = writeFile(dir.filePath(u"agent.secret"_s), secret + '\n');
    caFile = writeFile(dir.filePath(u"gateway-ca.pem"_s), gateway.certificate().toPem());
}

QStringList AgentFixture::args(const QStringList &extra) const {
    return QStringList{u"--gateway"_s,     u"wss://127.0.0.1:%1"_s.arg(gateway.port()),
                       u"--id"_s,          u"site-a"_s,
                       u"--secret-file"_s, secretFile,
                       u"--ca"_s,          caFile} +
           extra;
}

bool AgentFixture::start(const QStringList &extra) {
    agent = std::make_unique<AgentProcess>(args(extra));
    if (!agent->started())
        return false;
    return testsupport::waitFor([this] { return gateway.attached(); }, 15000);
}

QByteArray exchange(pc::TunnelStream *stream, const QByteArray &send, qsizetype expect) {
    QByteArray got;
    if (!stream)
        return got;
    stream->write(send);
    testsupport::waitFor(
        [&] {
            if (stream->bytesAvailable() > 0)
                got += stream->readAll();
            return got.size() >= expect || stream->isRemoteFinished();
        },
        10000);
    return got;
}

QByteArray readToEnd(pc::TunnelStream *stream, int timeoutMs) {
    QByteArray got;
    if (!stream)
        return got;
    testsupport::waitFor(
        [&] {
            if (stream->bytesAvailable() > 0)
                got += stream->readAll();
            return stream->isRemoteFinished() && stream->bytesAvailable() == 0;
        },
        timeoutMs);
    return got;
}

} // namespace agenttest
