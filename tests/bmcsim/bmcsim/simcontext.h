#pragma once

// Everything one emulated BMC's personality works with.

#include "bmcsim/bmcaddress.h"
#include "bmcsim/platformrules.h"
#include "bmcsim/sessionstore.h"
#include "bmcsim/staticpages.h"

namespace bmcsim {

class CheckLog;

struct SimContext {
    const PlatformRules &rules;
    BmcAddress address;
    QString user;
    QString password;
    CheckLog *log;
    SessionStore sessions;
    StaticPages pages{rules};
};

} // namespace bmcsim
