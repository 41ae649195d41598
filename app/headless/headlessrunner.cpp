#include "headless/headlessrunner.h"

#include "cli/exitcode.h"
#include "headless/headlesslog.h"

#include <QDateTime>
#include <QTextStream>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace app {

namespace {
constexpr qint64 kMaxTimerMs = 24LL * 3600 * 1000; // QTimer takes an int; re-arm daily
} // namespace

HeadlessRunner::HeadlessRunner(std::unique_ptr<BmcSession> session, QObject *parent)
    : QObject(parent)
    , m_session(std::move(session)) {
    m_expiry.setSingleShot(true);
    m_expiry.setTimerType(Qt::PreciseTimer);
    connect(&m_expiry, &QTimer::timeout, this, &HeadlessRunner::armExpiryTimer);
    connect(m_session.get(), &BmcSession::stateChanged, this, &HeadlessRunner::onStateChanged);
}

HeadlessRunner::~HeadlessRunner() = default;

void HeadlessRunner::start() {
    const BmcSession::Info info = m_session->info();
    qCInfo(lcHeadless).noquote() << "connecting to gateway" << info.gateway << "for the"
                                 << info.platform << "BMC at" << info.bmc;
    armExpiryTimer();
    if (!m_finished)
        m_session->start();
}

void HeadlessRunner::stop() {
    finish(kExitOk, tr("pmproxy: stopped."));
}

void HeadlessRunner::armExpiryTimer() {
    const QDateTime expires = m_session->info().expires;
    const qint64 left = m_session->clock().utc().msecsTo(expires);
    if (left <= 0) {
        finish(exitCodeFor(BmcSession::Failure::TokenExpired),
               tr("pmproxy: the link expired at %1; ask for a new one.")
                   .arg(expires.toLocalTime().toString(Qt::ISODate)));
        return;
    }
    m_expiry.start(int(std::min(left, kMaxTimerMs)));
}

void HeadlessRunner::onStateChanged(BmcSession::State state) {
    switch (state) {
    case BmcSession::State::Connected:
        if (!m_urlPrinted) {
            m_urlPrinted = true;
            // Scripts read this line: it comes first and alone on stdout.
            QTextStream(stdout) << m_session->entryUrl().toString(QUrl::FullyEncoded) << Qt::endl;
            QTextStream(stderr) << tr("pmproxy: serving %1 (%2) through %3; open the URL above "
                                      "in a browser. Ctrl+C ends the session.")
                                       .arg(m_session->info().bmc, m_session->info().platform,
                                            m_session->info().gateway)
                                << Qt::endl;
        } else {
            qCInfo(lcHeadless) << "reconnected";
        }
        break;
    case BmcSession::State::Reconnecting:
        qCInfo(lcHeadless) << "connection to the gateway lost; reconnecting";
        break;
    case BmcSession::State::Expired:
        finish(exitCodeFor(BmcSession::Failure::TokenExpired),
               u"pmproxy: "_s + (m_session->failureMessage().isEmpty()
                                     ? tr("the link expired; ask for a new one.")
                                     : m_session->failureMessage()));
        break;
    case BmcSession::State::Failed:
        finish(exitCodeFor(m_session->failure()), u"pmproxy: "_s + m_session->failureMessage());
        break;
    case BmcSession::State::Closed:
        finish(kExitOk);
        break;
    case BmcSession::State::Idle:
    case BmcSession::State::Connecting:
        break;
    }
}

void HeadlessRunner::finish(int exitCode, const QString &message) {
    if (m_finished)
        return;
    m_finished = true;
    m_expiry.stop();
    if (!message.isEmpty())
        QTextStream(stderr) << message << Qt::endl;
    m_session->stop(); // may report Closed: ignored, we are finished
    Q_EMIT finished(exitCode);
}

} // namespace app
