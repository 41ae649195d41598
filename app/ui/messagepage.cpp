#include "ui/messagepage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace app {

MessagePage::MessagePage(QWidget *parent)
    : QWidget(parent) {
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("messageTitle"));
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    m_title->setFont(font);
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true);
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("messageDetail"));
    m_detail->setAlignment(Qt::AlignCenter);
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::PlainText); // a gateway's reason is shown, never interpreted
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addStretch(2);
    layout->addWidget(m_title);
    layout->addSpacing(12);
    layout->addWidget(m_detail);
    layout->addStretch(3);
}

void MessagePage::setMessage(const QString &title, const QString &detail) {
    m_title->setText(title);
    m_detail->setText(detail);
}

QString MessagePage::title() const {
    return m_title->text();
}

QString MessagePage::detail() const {
    return m_detail->text();
}

} // namespace app
