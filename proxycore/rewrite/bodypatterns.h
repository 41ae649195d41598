#pragma once

#include "rewrite/bodyrewriter.h"
#include "rewrite/platformprofile.h"
#include "rewrite/rewritecontext.h"

#include <QList>

namespace pc {

// Turns a profile's body literal families into the byte patterns of one exchange.
//
// For a BMC at H:P seen by the browser as S://A (public host PH, port PP):
//   https://H:P, and https://H when P is 443     → S://A       (not before [0-9] / host chars)
//   wss://H:P,   and wss://H   when P is 443     → ws(s)://A
//   https:\/\/H…, wss:\/\/H… (JSON-escaped)       → the same, escaped
//   ip=H                                          → ip=PH       (not after a word character)
//   kvmport=P                                     → kvmport=PP
// H is tried as the token wrote it and in lowercase (IPv6: also in canonical form).
// A URL naming another port of the BMC (e.g. https://H:5900) is left alone: the gateway
// forwards only H:P.
class BodyPatterns {
public:
    static QList<BodyRewriter::Replacement> build(const RewriteContext &context,
                                                  const BodyRules &rules);
};

} // namespace pc
