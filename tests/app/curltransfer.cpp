#include "curltransfer.h"

#include "bmcsim/vmediapattern.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace apptest {

namespace {

constexpr qint64 kPiece = 256 * 1024;
constexpr qint64 kStdinBacklog = 1024 * 1024; // what QProcess may hold for curl's stdin
constexpr qint64 kBodyLimit = 1024 * 1024;    // stdout kept when no pattern is checked

qint64 statusField(qint64 pid, QByteArrayView field) {
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

QString CurlOutcome::describe() const {
    return u"curl %1 (exit %2) after %3 s: %4 bytes sent, %5 received%6; stderr: %7; body: %8"_s
        .arg(finished ? u"finished"_s : u"was killed at its deadline"_s)
        .arg(exitCode)
        .arg(seconds, 0, 'f', 2)
        .arg(sent)
        .arg(received)
        .arg(firstMismatch >= 0 ? u", first wrong byte at %1"_s.arg(firstMismatch) : QString())
        .arg(QString::fromUtf8(err.trimmed().right(500)))
        .arg(QString::fromUtf8(body.left(300)));
}

CurlOutcome runCurl(const CurlJob &job) {
    CurlOutcome out;
    QProcess curl;
    QEventLoop loop;
    QByteArray piece(kPiece, Qt::Uninitialized);
    QByteArray expected;
    bool inputClosed = false;

    auto feed = [&] {
        if (inputClosed)
            return;
        while (out.sent < job.upload && curl.bytesToWrite() < kStdinBacklog) {
            const qint64 n = std::min(kPiece, job.upload - out.sent);
            bmcsim::vmedia::fill(quint64(out.sent), piece.data(), n);
            curl.write(piece.constData(), n);
            out.sent += n;
        }
        if (out.sent >= job.upload) {
            inputClosed = true;
            curl.closeWriteChannel(); // after what is buffered: curl sees the end
        }
    };
    auto drain = [&] {
        const QByteArray data = curl.readAllStandardOutput();
        if (job.checkPattern) {
            expected.resize(data.size());
            bmcsim::vmedia::fill(quint64(out.received), expected.data(), data.size());
            if (expected != data && out.firstMismatch < 0) {
                for (qsizetype i = 0; i < data.size(); ++i) {
                    if (expected[i] != data[i]) {
                        out.firstMismatch = out.received + i;
                        break;
                    }
                }
            }
        } else if (out.body.size() < kBodyLimit) {
            out.body += data.left(kBodyLimit - out.body.size());
        }
        out.received += data.size();
    };

    QTimer deadline;
    deadline.setSingleShot(true);
    bool timedOut = false;
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    QObject::connect(&curl, &QProcess::started, &loop, feed);
    QObject::connect(&curl, &QIODevice::bytesWritten, &loop, feed);
    QObject::connect(&curl, &QProcess::readyReadStandardOutput, &loop, drain);
    QObject::connect(&curl, &QProcess::readyReadStandardError, &loop, [&] {
        out.err += curl.readAllStandardError();
        out.err = out.err.right(8192);
    });
    QObject::connect(&curl, &QProcess::finished, &loop, [&](int code, QProcess::ExitStatus s) {
        out.exitCode = s == QProcess::NormalExit ? code : -1;
        loop.quit();
    });
    QObject::connect(&curl, &QProcess::errorOccurred, &loop, [&](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            out.err = "curl did not start: " + curl.errorString().toUtf8();
            loop.quit();
        }
    });

    if (job.upload < 0)
        inputClosed = true;
    QElapsedTimer clock;
    clock.start();
    deadline.start(job.deadlineMs);
    curl.start(u"curl"_s, job.args);
    if (job.upload < 0)
        curl.closeWriteChannel();
    loop.exec();
    if (curl.state() != QProcess::NotRunning) { // the deadline passed
        curl.kill();
        curl.waitForFinished(5000);
    }
    out.finished = !timedOut;
    drain();
    out.err += curl.readAllStandardError();
    out.seconds = double(clock.elapsed()) / 1000.0;
    // What curl read of its input: QProcess still held the rest.
    out.sent -= curl.bytesToWrite();
    return out;
}

QString patternSha256(qint64 size) {
    QCryptographicHash sha(QCryptographicHash::Sha256);
    QByteArray piece(kPiece, Qt::Uninitialized);
    for (qint64 off = 0; off < size; off += kPiece) {
        const qint64 n = std::min(kPiece, size - off);
        bmcsim::vmedia::fill(quint64(off), piece.data(), n);
        sha.addData(QByteArrayView(piece.constData(), n));
    }
    return QString::fromLatin1(sha.result().toHex());
}

qint64 rssKib(qint64 pid) {
    return statusField(pid, "VmRSS:");
}

qint64 peakRssKib(qint64 pid) {
    return statusField(pid, "VmHWM:");
}

} // namespace apptest
