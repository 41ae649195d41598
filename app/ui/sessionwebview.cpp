#include "ui/sessionwebview.h"

#include "ui/uilog.h"

#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineSettings>

namespace app {

SessionWebView::SessionWebView(QWebEngineProfile *profile, QWidget *parent)
    : QWebEngineView(parent) {
    // The page is a child of the view: deleting the view deletes the page, which must
    // happen before the profile goes (SessionContext).
    auto *page = new QWebEnginePage(profile, this);
    setPage(page);
    QWebEngineSettings *s = page->settings();
    s->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, true); // console popups
    s->setAttribute(QWebEngineSettings::ScreenCaptureEnabled, false);
}

QWebEngineView *SessionWebView::createWindow(QWebEnginePage::WebWindowType type) {
    if (!m_popupFactory) {
        qCWarning(lcUi) << "a page asked for a new window; no tab can take it";
        return nullptr;
    }
    return m_popupFactory(type);
}

} // namespace app
