#include "ui/mainwindow.h"

#include "token/gpsessionlink.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace app {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent) {
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
    m_emptyHint = new QLabel(tr("No BMC sessions. Open a gpsession link to start one."), central);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_emptyHint, 1);
    layout->addWidget(m_tabs, 1);
    m_tabs->hide();
    setCentralWidget(central);

    connect(openButton, &QPushButton::clicked, this, &MainWindow::onOpenClicked);
    connect(m_linkEdit, &QLineEdit::returnPressed, this, &MainWindow::onOpenClicked);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        delete m_tabs->widget(index);
        m_tabs->setVisible(m_tabs->count() > 0);
        m_emptyHint->setVisible(m_tabs->count() == 0);
    });
    resize(1100, 750);
}

bool MainWindow::openLink(const QString &link) {
    auto parsed = pc::GpsessionLink::parse(link);
    if (!parsed) {
        statusBar()->showMessage(tr("Not a gpsession link: %1").arg(parsed.error().message()));
        return false;
    }
    statusBar()->showMessage(
        tr("Link accepted. Opening BMC sessions needs the tunnel, which this build lacks."));
    return true;
}

void MainWindow::onOpenClicked() {
    if (openLink(m_linkEdit->text()))
        m_linkEdit->clear();
}

} // namespace app
