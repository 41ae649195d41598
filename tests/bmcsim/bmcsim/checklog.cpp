#include "bmcsim/checklog.h"

#include "bmcsim/logging.h"

namespace bmcsim {

void CheckLog::refuse(const QString &reason, const QString &detail) {
    qCWarning(lcBmcsim).noquote() << "refused:" << reason << "-" << detail;
    m_reasons << reason;
    Q_EMIT refused(reason, detail);
}

} // namespace bmcsim
