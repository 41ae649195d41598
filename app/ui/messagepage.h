#pragma once

#include <QWidget>

class QLabel;

namespace app {

// A full-size page with a headline and an explanation, shown instead of a blank view
// while a session connects and when it cannot be used (expired, refused, unreachable).
class MessagePage : public QWidget {
    Q_OBJECT
public:
    explicit MessagePage(QWidget *parent = nullptr);

    void setMessage(const QString &title, const QString &detail);
    QString title() const;
    QString detail() const;

private:
    QLabel *m_title = nullptr;
    QLabel *m_detail = nullptr;
};

} // namespace app
