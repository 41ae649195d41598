#include "ui/mainwindow.h"

#include "ui/messagepage.h"
#include "ui/sessiontab.h"
#include "ui/sessionwebview.h"
#include "ui/uilog.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace app {

MainWindow::MainWindow(BmcSession::Options options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(std::move(options)) {
    setWindowTitle(tr("pmproxy"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    auto *linkRow = new QHBoxLayout;
    m_linkEdit = new QLineEdit(central);
    m_linkEdit->setPlaceholderText(tr("Paste a gpsession link (pmproxy://gpsession?token=…)"));
    m_linkEdit->setClearButtonEnabled(true);
    auto *openButton = new QPushButton(tr("Open"), central);
    linkRow->addWidget(m_linkEdit, 1);
    linkRow->addWidget(openButton);
    layout->addLayout(linkRow);

    m_tabs = new QTabWidget(central);
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setMovable(true);
    m_emptyHint = new QLabel(tr("No BMC sessions. Open a gpsession link to start one."), central);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_emptyHint, 1);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    updateEmptyState();

    connect(openButton, &QPushButton::clicked, this, &MainWindow::onOpenClicked);
    connect(m_linkEdit, &QLineEdit::returnPressed, this, &MainWindow::onOpenClicked);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateTitle);
    resize(1280, 860);
}

MainWindow::~MainWindow() {
    // Popups before the tabs that own their session (and its browser profile).
    while (m_tabs->count() > 0)
        closeTab(m_tabs->count() - 1);
}

SessionTab *MainWindow::sessionTab(int index) const {
    return qobject_cast<SessionTab *>(m_tabs->widget(index));
}

bool MainWindow::openLink(const QString &link) {
    BmcSession::Refusal refusal;
    auto session = BmcSession::create(link, m_options, &refusal);
    if (!session) {
        using Kind = BmcSession::Refusal::Kind;
        QString title, detail, tabTitle;
        switch (refusal.kind) {
        case Kind::Expired:
            title = tr("This link has expired");
            detail = tr("Ask for a new link to this BMC.");
            tabTitle = tr("Expired link");
            break;
        case Kind::WrongGateway:
            title = tr("This link does not match its gateway");
            detail = tr("pmproxy did not connect anywhere. Ask for a new link.");
            tabTitle = tr("Refused link");
            break;
        case Kind::GatewayNotAllowed:
            title = tr("The gateway %1 is not allowed").arg(refusal.gateway);
            detail = tr("pmproxy did not connect to it. The allowed gateways are set in the "
                        "pmproxy configuration; ask your administrator if this gateway "
                        "should be allowed.");
            tabTitle = tr("Refused gateway");
            break;
        case Kind::None:
        case Kind::Malformed:
            statusBar()->showMessage(tr("Not a gpsession link: %1").arg(refusal.message));
            return false;
        }
        auto *page = new MessagePage(this);
        page->setMessage(title, refusal.message + u"\n\n"_s + detail);
        m_tabs->setCurrentIndex(addTab(page, tabTitle));
        statusBar()->showMessage(refusal.message);
        qCInfo(lcUi).noquote() << "refused a link:" << tabTitle;
        Q_EMIT linkRefused(title);
        return true;
    }
    auto *tab = new SessionTab(std::move(session), this);
    SessionTab *raw = tab;
    tab->view()->setPopupFactory(
        [this, raw](QWebEnginePage::WebWindowType) { return openPopup(raw); });
    const int index = addTab(tab, tab->title());
    m_tabs->setCurrentIndex(index);
    statusBar()->clearMessage();
    qCInfo(lcUi).noquote() << "opened tab" << tab->title();
    Q_EMIT tabOpened(tab);
    tab->start();
    return true;
}

QWebEngineView *MainWindow::openPopup(SessionTab *opener) {
    auto *popup = new SessionTab(opener->context(), this);
    // A popup's own popups open as tabs of the same session too.
    popup->view()->setPopupFactory(
        [this, popup](QWebEnginePage::WebWindowType) { return openPopup(popup); });
    connect(popup, &SessionTab::closeRequested, this, [this, popup] {
        const int index = m_tabs->indexOf(popup);
        if (index >= 0)
            closeTab(index);
    });
    int at = m_tabs->indexOf(opener) + 1;
    while (at > 0 && at < m_tabs->count() && sessionTab(at) &&
           sessionTab(at)->context() == opener->context())
        ++at; // after the session's other popups
    m_tabs->setCurrentIndex(addTab(popup, popup->title(), at));
    qCInfo(lcUi) << "opened a popup tab";
    Q_EMIT tabOpened(popup);
    return popup->view();
}

int MainWindow::addTab(QWidget *page, const QString &title, int index) {
    const int at = m_tabs->insertTab(index, page, title);
    if (auto *tab = qobject_cast<SessionTab *>(page)) {
        connect(tab, &SessionTab::titleChanged, this, [this, tab](const QString &t) {
            const int i = m_tabs->indexOf(tab);
            if (i >= 0)
                m_tabs->setTabText(i, t);
            updateTitle();
        });
    }
    updateEmptyState();
    return at;
}

void MainWindow::closeTab(int index) {
    QWidget *page = m_tabs->widget(index);
    auto *tab = qobject_cast<SessionTab *>(page);
    if (tab && !tab->isPopup()) {
        // Ending a session closes its popups first: they use its browser profile.
        for (int i = m_tabs->count() - 1; i >= 0; --i) {
            SessionTab *other = sessionTab(i);
            if (other && other != tab && other->context() == tab->context()) {
                m_tabs->removeTab(i);
                delete other;
            }
        }
    }
    m_tabs->removeTab(m_tabs->indexOf(page));
    delete page;
    updateEmptyState();
}

void MainWindow::updateEmptyState() {
    const bool empty = m_tabs->count() == 0;
    m_tabs->setVisible(!empty);
    m_emptyHint->setVisible(empty);
}

void MainWindow::updateTitle() {
    const int current = m_tabs->currentIndex();
    setWindowTitle(current < 0 ? tr("pmproxy") : tr("%1 – pmproxy").arg(m_tabs->tabText(current)));
}

void MainWindow::bringToFront() {
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
}

void MainWindow::onOpenClicked() {
    if (openLink(m_linkEdit->text()))
        m_linkEdit->clear();
}

} // namespace app
