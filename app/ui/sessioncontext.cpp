#include "ui/sessioncontext.h"

#include "ui/downloadlist.h"
#include "ui/uilog.h"

#include <QStandardPaths>
#include <QWebEngineDownloadRequest>
#include <QWebEngineProfile>

namespace app {

SessionContext::SessionContext(std::unique_ptr<BmcSession> session, QObject *parent)
    : QObject(parent)
    , m_session(std::move(session)) {
    // No storage name: off the record. Cookies, cache and local storage live in memory
    // and die with the profile.
    m_profile = new QWebEngineProfile(this);
    m_profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_profile->setDownloadPath(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation));
    connect(m_profile, &QWebEngineProfile::downloadRequested, this,
            &SessionContext::onDownloadRequested);
}

SessionContext::~SessionContext() {
    if (m_session)
        m_session->stop();
    delete m_profile; // before the session object, after every page (see the class comment)
    m_profile = nullptr;
}

BmcSession *SessionContext::session() const {
    return m_session.get();
}

QWebEngineProfile *SessionContext::profile() const {
    return m_profile;
}

void SessionContext::addDownloadTarget(QWebEnginePage *page, DownloadList *list) {
    m_targets.append({page, list});
}

void SessionContext::onDownloadRequested(QWebEngineDownloadRequest *request) {
    // QWebEngineDownloadRequest::page() would name the page, but Qt 6.4 crashes in it when
    // the download has no page client yet (seen with a link clicked right after loading),
    // so the download goes to the session's tab on screen, else to its first tab.
    DownloadList *target = nullptr;
    for (const Target &t : std::as_const(m_targets)) {
        DownloadList *list = t.list.data();
        if (!list)
            continue;
        if (!target)
            target = list;
        if (list->isTabOnScreen()) {
            target = list;
            break;
        }
    }
    if (target) {
        target->addDownload(request);
        return;
    }
    qCWarning(lcUi) << "download refused: its tab is gone";
    request->cancel();
}

} // namespace app
