#include "curlrun.h"

#include "bmcsim/vmediapattern.h"
#include "processgroup.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace testsupport {

namespace {

constexpr qint64 kPiece = 256 * 1024;
constexpr qint64 kStdinBacklog = 1024 * 1024; // what QProcess may hold for curl's stdin
constexpr qint64 kOutLimit = 1024 * 1024;     // stdout kept when no pattern is checked
constexpr qint64 kErrLimit = 8192;

// Feeds the pattern to curl's stdin and reads its stdout, checking or keeping it.
struct CurlPipes {
    CurlPipes(const CurlJob &j, QProcess &c, CurlResult &r)
        : job(j)
        , curl(c)
        , out(r) {}

    const CurlJob &job;
    QProcess &curl;
    CurlResult &out;
    QByteArray piece = QByteArray(kPiece, Qt::Uninitialized);
    QByteArray expected;
    bool inputClosed = false;

    void feed() {
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
    }

    void drain() {
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
        } else if (out.out.size() < kOutLimit) {
            out.out += data.left(kOutLimit - out.out.size());
        }
        out.received += data.size();
    }

    void readErr() { out.err = (out.err + curl.readAllStandardError()).right(kErrLimit); }
};

} // namespace

CurlJob CurlJob::patternDownload(const QStringList &args, int deadlineMs) {
    CurlJob job;
    job.args = args;
    job.checkPattern = true;
    job.deadlineMs = deadlineMs;
    return job;
}

CurlJob CurlJob::patternUpload(const QStringList &args, qint64 bytes, int deadlineMs) {
    CurlJob job;
    job.args = args;
    job.upload = bytes;
    job.deadlineMs = deadlineMs;
    return job;
}

QString CurlResult::describe() const {
    return u"curl %1 (exit %2) after %3 s: %4 bytes sent, %5 received%6; stderr: %7; body: %8"_s
        .arg(finished ? u"finished"_s : u"was ended at its deadline"_s)
        .arg(exitCode)
        .arg(seconds, 0, 'f', 2)
        .arg(sent)
        .arg(received)
        .arg(firstMismatch >= 0 ? u", first wrong byte at %1"_s.arg(firstMismatch) : QString())
        .arg(QString::fromUtf8(err.trimmed().right(500)))
        .arg(QString::fromUtf8(out.left(300)));
}

CurlResult runCurl(const CurlJob &job) {
    CurlResult out;
    QProcess curl;
    startsOwnGroup(curl);
    CurlPipes pipes(job, curl, out);
    const bool feeding = job.stdinFile.isEmpty() && job.upload >= 0;
    if (!feeding) {
        pipes.inputClosed = true;
        curl.setStandardInputFile(job.stdinFile.isEmpty() ? QProcess::nullDevice() : job.stdinFile);
    }

    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&curl, &QProcess::started, &loop, [&] { pipes.feed(); });
    QObject::connect(&curl, &QIODevice::bytesWritten, &loop, [&] { pipes.feed(); });
    QObject::connect(&curl, &QProcess::readyReadStandardOutput, &loop, [&] { pipes.drain(); });
    QObject::connect(&curl, &QProcess::readyReadStandardError, &loop, [&] { pipes.readErr(); });
    QObject::connect(&curl, &QProcess::finished, &loop, [&](int code, QProcess::ExitStatus s) {
        out.finished = deadline.isActive();
        out.exitCode = s == QProcess::NormalExit && out.finished ? code : -1;
        loop.quit();
    });
    QObject::connect(&curl, &QProcess::errorOccurred, &loop, [&](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            out.err = "curl did not start: " + curl.errorString().toUtf8();
            loop.quit();
        }
    });

    QElapsedTimer clock;
    clock.start();
    deadline.start(job.deadlineMs);
    curl.start(u"curl"_s, job.args);
    loop.exec();
    if (curl.state() != QProcess::NotRunning) { // the deadline passed
        qint64 group = curl.processId();
        endGroup(curl, group);
        out.err += "\n(curl did not end in time)";
    }
    pipes.drain();
    pipes.readErr();
    out.seconds = double(clock.elapsed()) / 1000.0;
    // What curl read of its input: QProcess still held the rest.
    out.sent -= curl.bytesToWrite();
    return out;
}

CurlResult runCurl(const QStringList &args, const QString &stdinFile, int timeoutMs) {
    CurlJob job;
    job.args = args;
    job.stdinFile = stdinFile;
    job.deadlineMs = timeoutMs;
    return runCurl(job);
}

} // namespace testsupport
