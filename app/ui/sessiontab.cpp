#include "ui/sessiontab.h"

#include "ui/downloadlist.h"
#include "ui/messagepage.h"
#include "ui/sessioncontext.h"
#include "ui/sessionstatusstrip.h"
#include "ui/sessionwebview.h"
#include "ui/uilog.h"

#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace app {

SessionTab::SessionTab(std::unique_ptr<BmcSession> session, QWidget *parent)
    : QWidget(parent)
    , m_ownedContext(std::make_unique<SessionContext>(std::move(session))) {
    m_context = m_ownedContext.get();
    build();
    const BmcSession::Info info = this->session()->info();
    showMessage(tr("Connecting…"), tr("Opening a tunnel to the gateway %1 for the %2 BMC at %3.")
                                       .arg(info.gateway, info.platform, info.bmc));
}

SessionTab::SessionTab(SessionContext *context, QWidget *parent)
    : QWidget(parent)
    , m_context(context) {
    build();
    m_stack->setCurrentWidget(m_view);
    m_loaded = true;
}

SessionTab::~SessionTab() {
    // Nothing the session says while it stops may reach this half-destroyed tab.
    if (m_context && m_context->session())
        m_context->session()->disconnect(this);
    // Pages go before their profile: the view (and its page) now, the context after
    // (explicitly, while this tab's members still exist).
    delete m_view;
    m_view = nullptr;
    m_ownedContext.reset();
}

void SessionTab::build() {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_stack = new QStackedWidget(this);
    m_message = new MessagePage(m_stack);
    m_view = new SessionWebView(m_context->profile(), m_stack);
    m_stack->addWidget(m_message);
    m_stack->addWidget(m_view);
    m_downloads = new DownloadList(this);
    m_strip = new SessionStatusStrip(session(), this);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_downloads);
    layout->addWidget(m_strip);

    m_context->addDownloadTarget(m_view->page(), m_downloads);
    connect(session(), &BmcSession::stateChanged, this, &SessionTab::onStateChanged);
    connect(m_view, &QWebEngineView::titleChanged, this, [this] { Q_EMIT titleChanged(title()); });
    connect(m_view->page(), &QWebEnginePage::windowCloseRequested, this,
            &SessionTab::closeRequested);
}

void SessionTab::start() {
    if (!isPopup())
        session()->start();
}

SessionContext *SessionTab::context() const {
    return m_context;
}

BmcSession *SessionTab::session() const {
    return m_context ? m_context->session() : nullptr;
}

bool SessionTab::showsMessage() const {
    return m_stack->currentWidget() == m_message;
}

QString SessionTab::title() const {
    if (isPopup()) {
        const QString page = m_view ? m_view->title() : QString();
        return page.isEmpty() ? tr("Popup") : page;
    }
    const BmcSession::Info info = session()->info();
    return u"%1 %2"_s.arg(info.platform, info.bmc);
}

void SessionTab::showMessage(const QString &title, const QString &detail) {
    m_message->setMessage(title, detail);
    m_stack->setCurrentWidget(m_message);
}

void SessionTab::onStateChanged(BmcSession::State state) {
    BmcSession *s = session();
    const BmcSession::Info info = s->info();
    switch (state) {
    case BmcSession::State::Idle:
    case BmcSession::State::Connecting:
        // TODO(BmcSession): a signal with the last connection error and the next retry,
        // so that this page can say why it is still connecting (the tunnel client knows).
        if (!m_loaded)
            showMessage(tr("Connecting…"),
                        tr("Opening a tunnel to the gateway %1 for the %2 BMC at %3.")
                            .arg(info.gateway, info.platform, info.bmc));
        break;
    case BmcSession::State::Connected:
        if (!m_loaded) {
            qCInfo(lcUi) << "opening the BMC UI for" << info.bmc;
            m_view->load(s->entryUrl());
            m_loaded = true;
        }
        m_stack->setCurrentWidget(m_view);
        break;
    case BmcSession::State::Reconnecting:
        break; // the page stays; the status strip says "reconnecting"
    case BmcSession::State::Expired:
        showMessage(
            tr("This link has expired"),
            (s->failureMessage().isEmpty() ? tr("The token's time is up.") : s->failureMessage()) +
                u"\n\n"_s + tr("Ask for a new link to this BMC."));
        break;
    case BmcSession::State::Failed:
        switch (s->failure()) {
        case BmcSession::Failure::TokenExpired:
            showMessage(tr("This link has expired"),
                        s->failureMessage() + u"\n\n"_s + tr("Ask for a new link to this BMC."));
            break;
        case BmcSession::Failure::BadLink:
            showMessage(tr("This link is not valid"), s->failureMessage());
            break;
        case BmcSession::Failure::Gateway:
            showMessage(tr("The gateway %1 did not let this session through").arg(info.gateway),
                        s->failureMessage() + u"\n\n"_s +
                            tr("Check the network connection to the gateway, or ask for a "
                               "new link if the gateway refused this one."));
            break;
        case BmcSession::Failure::None:
        case BmcSession::Failure::Other:
            showMessage(tr("This session failed"), s->failureMessage());
            break;
        }
        break;
    case BmcSession::State::Closed:
        showMessage(tr("This session has ended"), tr("Open the link again to reconnect."));
        break;
    }
}

} // namespace app
