#pragma once

// Every refusal the emulated BMC makes — a Host it does not own, a missing gzip, a
// lower-case `Connection: upgrade` ... — goes through here: logged on stderr with its
// reason, kept in order, and signalled, so a test can assert which rule a proxy broke.

#include <QObject>
#include <QStringList>

namespace bmcsim {

class CheckLog : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    void refuse(const QString &reason, const QString &detail);
    // Reasons in the order they happened.
    QStringList reasons() const { return m_reasons; }
    void clear() { m_reasons.clear(); }

Q_SIGNALS:
    void refused(const QString &reason, const QString &detail);

private:
    QStringList m_reasons;
};

} // namespace bmcsim
