#include "accounting/accountinglog.h"

namespace gw {

Q_LOGGING_CATEGORY(lcAccounting, "gatewayd.accounting", QtInfoMsg)

} // namespace gw
