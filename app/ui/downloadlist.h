#pragma once

#include <QWidget>

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

    static QString downloadDirectory();
    // NAME, or "NAME (2).EXT" etc. when DIRECTORY already holds a file of that name.
    static QString uniqueFileName(const QString &directory, const QString &name);

private:
    QWidget *createRow(QWebEngineDownloadRequest *request);

    QVBoxLayout *m_rows = nullptr;
};

} // namespace app
