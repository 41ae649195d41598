#include "bmcsim/logging.h"

// Info and above by default; QT_LOGGING_RULES="bmcsim.debug=true" shows the rest.
Q_LOGGING_CATEGORY(lcBmcsim, "bmcsim", QtInfoMsg)
