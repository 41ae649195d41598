#pragma once

// Everything one emulated BMC's personality works with.

#include "bmcsim/bmcaddress.h"
#include "bmcsim/platformrules.h"
#include "bmcsim/sessionstore.h"
#include "bmcsim/staticpages.h"

namespace bmcsim {

class CheckLog;

struct SimContext {
    SimContext(const PlatformRules &r, BmcAddress a, QString u, QString p, CheckLog *l)
        : rules(r)
        , address(std::move(a))
        , user(std::move(u))
        , password(std::move(p))
        , log(l) {}

    const PlatformRules &rules;
    BmcAddress address;
    QString user;
    QString password;
    CheckLog *log;
    SessionStore sessions;
    StaticPages pages{rules};
};

} // namespace bmcsim
