#include "groups/groupslog.h"

namespace gw {

Q_LOGGING_CATEGORY(lcGroups, "gatewayd.groups", QtInfoMsg)

} // namespace gw
