#pragma once

#include "session/bmcsession.h"

#include <QPointer>
#include <QWidget>
#include <memory>

class QStackedWidget;

namespace app {

class DownloadList;
class MessagePage;
class SessionContext;
class SessionStatusStrip;
class SessionWebView;

// One tab of the window. The session's first tab owns its SessionContext (the BmcSession
// and the off-the-record profile), starts the session and opens its entry URL once
// connected; popups the BMC opens become further tabs on the same context. A message
// page, never a blank view, says what is going on while connecting and why the session
// cannot be used (expired, refused, unreachable). Closing the first tab ends the session.
class SessionTab : public QWidget {
    Q_OBJECT
public:
    explicit SessionTab(std::unique_ptr<BmcSession> session, QWidget *parent = nullptr);
    // A popup of CONTEXT's session; its page is filled in by the page that opened it.
    SessionTab(SessionContext *context, QWidget *parent);
    ~SessionTab() override;

    void start(); // the first tab: connects the session
    SessionContext *context() const;
    BmcSession *session() const;
    bool isPopup() const { return !m_ownedContext; }
    SessionWebView *view() const { return m_view; }
    MessagePage *messagePage() const { return m_message; }
    bool showsMessage() const;
    QString title() const;

Q_SIGNALS:
    void titleChanged(const QString &title);
    void closeRequested(); // a popup's page called window.close()

private:
    void build();
    void onStateChanged(BmcSession::State state);
    void showMessage(const QString &title, const QString &detail);

    std::unique_ptr<SessionContext> m_ownedContext; // the first tab only
    QPointer<SessionContext> m_context;
    QStackedWidget *m_stack = nullptr;
    MessagePage *m_message = nullptr;
    SessionWebView *m_view = nullptr;
    DownloadList *m_downloads = nullptr;
    SessionStatusStrip *m_strip = nullptr;
    bool m_loaded = false;
};

} // namespace app
