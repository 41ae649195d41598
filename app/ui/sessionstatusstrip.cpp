#include "ui/sessionstatusstrip.h"

#include "session/bmcsession.h"
#include "ui/displayformat.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace app {

SessionStatusStrip::SessionStatusStrip(BmcSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session) {
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    auto label = [this](const QString &name) {
        auto *l = new QLabel(this);
        l->setObjectName(name);
        l->setTextFormat(Qt::PlainText);
        return l;
    };
    m_identity = label(u"identity"_s);
    m_state = label(u"state"_s);
    m_traffic = label(u"traffic"_s);
    m_expiry = label(u"expiry"_s);
    layout->addWidget(m_identity);
    layout->addStretch(1);
    layout->addWidget(m_state);
    layout->addSpacing(16);
    layout->addWidget(m_traffic);
    layout->addSpacing(16);
    layout->addWidget(m_expiry);

    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &SessionStatusStrip::refresh);
    m_tick->start();
    if (session) {
        connect(session, &BmcSession::stateChanged, this, &SessionStatusStrip::refresh);
        connect(session, &BmcSession::statsChanged, this, &SessionStatusStrip::refresh);
    }
    refresh();
}

QString SessionStatusStrip::text() const {
    return QStringList{m_identity->text(), m_state->text(), m_traffic->text(), m_expiry->text()}
        .join(u"  |  "_s);
}

void SessionStatusStrip::refresh() {
    if (!m_session) {
        m_tick->stop();
        return;
    }
    const BmcSession::Info info = m_session->info();
    m_identity->setText(tr("%1  BMC %2  via %3").arg(info.platform, info.bmc, info.gateway));
    m_state->setText(DisplayFormat::state(m_session->state()));
    m_traffic->setText(tr("round trip %1  ↑ %2  ↓ %3")
                           .arg(DisplayFormat::roundTrip(m_session->roundTripMs()),
                                DisplayFormat::bytes(m_session->bytesUp()),
                                DisplayFormat::bytes(m_session->bytesDown())));
    const QDateTime now = m_session->clock().utc();
    m_expiry->setText(
        info.expires > now
            ? tr("token expires in %1").arg(DisplayFormat::timeLeft(info.expires, now))
            : tr("token expired"));
    m_expiry->setToolTip(QLocale().toString(info.expires.toLocalTime(), QLocale::LongFormat));
}

} // namespace app
