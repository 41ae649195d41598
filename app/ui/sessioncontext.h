#pragma once

#include "session/bmcsession.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QWebEnginePage>
#include <memory>

class QWebEngineDownloadRequest;
class QWebEngineProfile;

namespace app {

class DownloadList;

// What the tabs of one BMC session share: the BmcSession and an off-the-record browser
// profile of its own (nothing is written to disk, and two sessions never see each other's
// BMC cookies). Popups the BMC opens use the same profile. Owned by the session's first
// tab; destroying it stops the session and deletes the profile, so every page using the
// profile must be gone first (SessionTab deletes its view before its context).
class SessionContext : public QObject {
    Q_OBJECT
public:
    SessionContext(std::unique_ptr<BmcSession> session, QObject *parent = nullptr);
    ~SessionContext() override;

    BmcSession *session() const;
    QWebEngineProfile *profile() const;

    // Downloads show in the LIST of the session's tab on screen (PAGE's tab), else in the
    // first list registered (the session's first tab).
    void addDownloadTarget(QWebEnginePage *page, DownloadList *list);

private:
    void onDownloadRequested(QWebEngineDownloadRequest *request);

    struct Target {
        QPointer<QWebEnginePage> page;
        QPointer<DownloadList> list;
    };
    std::unique_ptr<BmcSession> m_session;
    QWebEngineProfile *m_profile = nullptr;
    QList<Target> m_targets;
};

} // namespace app
