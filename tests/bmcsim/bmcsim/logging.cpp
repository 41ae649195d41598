#include "bmcsim/logging.h"

Q_LOGGING_CATEGORY(lcBmcsim, "bmcsim")
