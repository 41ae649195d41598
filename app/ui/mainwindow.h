#pragma once

#include "session/bmcsession.h"

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QTabWidget;
class QWebEngineView;

namespace app {

class SessionContext;
class SessionTab;

// The main window: a field to paste a gpsession link and one tab per BMC session (plus a
// tab for each popup a BMC opens, next to its session's tab).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(BmcSession::Options options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a tab for LINK (any of the three forms) and starts its session. A link that
    // is not a gpsession link is refused with a message in the status bar (false); an
    // expired one, one whose address names another gateway than its token, and one to a
    // gateway the `gateways` setting refuses get a tab that says so (and no session).
    bool openLink(const QString &link);
    // Shows the window in front of others (a second `pmproxy LINK` asked for it).
    void bringToFront();

    QTabWidget *tabs() const { return m_tabs; }
    SessionTab *sessionTab(int index) const; // nullptr for a message-only tab

Q_SIGNALS:
    void tabOpened(app::SessionTab *tab); // a session's tab or one of its popups
    // A link got a page instead of a session (expired, or a gateway it may not dial);
    // TITLE is the page's headline.
    void linkRefused(const QString &title);

private:
    void onOpenClicked();
    QWebEngineView *openPopup(SessionTab *opener);
    int addTab(QWidget *page, const QString &title, int index = -1);
    void closeTab(int index);
    void updateEmptyState();
    void updateTitle(); // names the current tab

    BmcSession::Options m_options;
    QLineEdit *m_linkEdit = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_emptyHint = nullptr;
};

} // namespace app
