#pragma once

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QTabWidget;

namespace app {

// The main window: a field to paste a gpsession link and one tab per BMC session.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Takes a link in any of the three accepted forms; returns false and shows why when
    // the link is not a gpsession link.
    bool openLink(const QString &link);

private:
    void onOpenClicked();

    QLineEdit *m_linkEdit = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_emptyHint = nullptr;
};

} // namespace app
