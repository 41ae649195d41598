#include "rewrite/rewritelogging.h"

namespace pc {

Q_LOGGING_CATEGORY(lcRewrite, "pmproxy.rewrite", QtInfoMsg)

} // namespace pc
