#pragma once

#include <QWidget>
#include <functional>

class QVBoxLayout;
class QWebEngineDownloadRequest;

namespace app {

// The downloads of one tab: a save dialog asks where each goes (it suggests the user's
// Downloads folder and a name that does not overwrite an existing file; declining it
// cancels the download), and a row shows its progress. Rows of finished downloads stay
// until dismissed; the list hides itself when empty.
class DownloadList : public QWidget {
    Q_OBJECT
public:
    explicit DownloadList(QWidget *parent = nullptr);

    // Asks where to save REQUEST; accepts it there and shows its progress, or cancels it.
    void addDownload(QWebEngineDownloadRequest *request);
    int count() const;
    bool isTabOnScreen() const; // the tab holding this list is the one shown

    // How the user is asked where a download goes: returns the chosen path, or an empty
    // string when declined. A modal save dialog unless replaced; tests that check where
    // a chosen file lands answer here, as driving the dialog's widgets races with its
    // asynchronous directory loading. An empty function restores the dialog.
    using SaveAsk = std::function<QString(QWidget *parent, const QString &suggested)>;
    static void setSaveAsk(SaveAsk ask);

    static QString downloadDirectory();
    // NAME, or "NAME (2).EXT" etc. when DIRECTORY already holds a file of that name.
    static QString uniqueFileName(const QString &directory, const QString &name);

private:
    QWidget *createRow(QWebEngineDownloadRequest *request);

    QVBoxLayout *m_rows = nullptr;
};

} // namespace app
