#pragma once

#include <QWebEngineView>
#include <functional>

class QWebEngineProfile;

namespace app {

// The browser view of a session tab, on the session's own profile. When the BMC opens a
// window (window.open, target=_blank: the consoles do), the popup factory makes a tab
// inside the app and returns its view; the new page then shares this view's profile.
class SessionWebView : public QWebEngineView {
    Q_OBJECT
public:
    using PopupFactory = std::function<QWebEngineView *(QWebEnginePage::WebWindowType)>;

    SessionWebView(QWebEngineProfile *profile, QWidget *parent = nullptr);

    void setPopupFactory(PopupFactory factory) { m_popupFactory = std::move(factory); }

protected:
    QWebEngineView *createWindow(QWebEnginePage::WebWindowType type) override;

private:
    PopupFactory m_popupFactory;
};

} // namespace app
