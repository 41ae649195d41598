#include "ui/downloadlist.h"

#include "ui/displayformat.h"
#include "ui/uilog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStandardPaths>
#include <QToolButton>
#include <QWebEngineDownloadRequest>

using namespace Qt::StringLiterals;

namespace app {

namespace {
DownloadList::SaveAsk &saveAsk() {
    static DownloadList::SaveAsk ask;
    return ask;
}
} // namespace

void DownloadList::setSaveAsk(SaveAsk ask) {
    saveAsk() = std::move(ask);
}

DownloadList::DownloadList(QWidget *parent)
    : QWidget(parent) {
    m_rows = new QVBoxLayout(this);
    m_rows->setContentsMargins(4, 2, 4, 2);
    m_rows->setSpacing(2);
    hide();
}

int DownloadList::count() const {
    return m_rows->count();
}

bool DownloadList::isTabOnScreen() const {
    const QWidget *tab = parentWidget();
    return tab && tab->isVisible();
}

QString DownloadList::downloadDirectory() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    QDir().mkpath(dir);
    return dir;
}

QString DownloadList::uniqueFileName(const QString &directory, const QString &name) {
    const QDir dir(directory);
    const QString safe = QFileInfo(name).fileName(); // never a path out of DIRECTORY
    const QString base = safe.isEmpty() ? u"download"_s : safe;
    if (!dir.exists(base))
        return base;
    const QFileInfo info(base);
    const QString stem = info.completeBaseName();
    const QString suffix = info.suffix().isEmpty() ? QString() : u"."_s + info.suffix();
    for (int i = 2;; ++i) {
        const QString candidate = u"%1 (%2)%3"_s.arg(stem).arg(i).arg(suffix);
        if (!dir.exists(candidate))
            return candidate;
    }
}

void DownloadList::addDownload(QWebEngineDownloadRequest *request) {
    // The request must be accepted or cancelled before this returns: the dialog is modal.
    const QString dir = downloadDirectory();
    const QString suggested = QDir(dir).filePath(uniqueFileName(dir, request->suggestedFileName()));
    const QString chosen =
        saveAsk() ? saveAsk()(window(), suggested)
                  : QFileDialog::getSaveFileName(window(), tr("Save the download as"), suggested);
    if (chosen.isEmpty()) {
        qCInfo(lcUi) << "download declined";
        request->cancel();
        return;
    }
    const QFileInfo target(chosen);
    request->setDownloadDirectory(target.absolutePath());
    request->setDownloadFileName(target.fileName());
    request->accept();
    qCInfo(lcUi) << "downloading to" << target.absoluteFilePath();
    m_rows->addWidget(createRow(request));
    show();
}

QWidget *DownloadList::createRow(QWebEngineDownloadRequest *request) {
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *name = new QLabel(request->downloadFileName(), row);
    name->setTextFormat(Qt::PlainText);
    auto *bar = new QProgressBar(row);
    bar->setObjectName(u"downloadProgress"_s);
    bar->setRange(0, 0); // busy until the size is known
    auto *status = new QLabel(row);
    auto *button = new QToolButton(row);
    button->setText(tr("Cancel"));
    layout->addWidget(name);
    layout->addWidget(bar, 1);
    layout->addWidget(status);
    layout->addWidget(button);

    auto update = [request, bar, status, button] {
        const qint64 total = request->totalBytes();
        const qint64 received = request->receivedBytes();
        if (total > 0) {
            bar->setRange(0, 1000);
            bar->setValue(int(received * 1000 / total));
        }
        switch (request->state()) {
        case QWebEngineDownloadRequest::DownloadRequested:
        case QWebEngineDownloadRequest::DownloadInProgress:
            status->setText(DisplayFormat::bytes(quint64(received)));
            break;
        case QWebEngineDownloadRequest::DownloadCompleted:
            bar->setRange(0, 1000);
            bar->setValue(1000);
            status->setText(tr("saved in %1").arg(request->downloadDirectory()));
            button->setText(tr("Dismiss"));
            break;
        case QWebEngineDownloadRequest::DownloadCancelled:
            status->setText(tr("cancelled"));
            button->setText(tr("Dismiss"));
            break;
        case QWebEngineDownloadRequest::DownloadInterrupted:
            status->setText(tr("failed: %1").arg(request->interruptReasonString()));
            button->setText(tr("Dismiss"));
            break;
        }
    };
    connect(request, &QWebEngineDownloadRequest::receivedBytesChanged, row, update);
    connect(request, &QWebEngineDownloadRequest::totalBytesChanged, row, update);
    connect(request, &QWebEngineDownloadRequest::stateChanged, row, update);
    connect(button, &QToolButton::clicked, row, [this, request, row] {
        if (!request->isFinished()) {
            request->cancel();
            return;
        }
        row->deleteLater();
        m_rows->removeWidget(row);
        setVisible(m_rows->count() > 0);
    });
    update();
    return row;
}

} // namespace app
