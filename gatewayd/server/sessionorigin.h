#pragma once

#include "http/httpheaders.h"
#include "token/gpsessionclaims.h"

#include <QString>

namespace gw {

// Browser mode's per-session origins (browser.sessionDomain, README "Session origins"):
// each session is served on https://<label>.<sessionDomain>[:port], its label derived
// from the session id, so BMC pages of different sessions never share an origin (cookie
// jar, storage, service workers). Without a sessionDomain every session shares the
// gateway's origin and nothing here applies.
class SessionOrigin {
public:
    // The DNS label of the session of CLAIMS/TOKEN (a verified token): "s" and 24 hex
    // digits of its session id.
    // The Host field's name: lower case, without port or trailing dot.
    static QString hostName(const pc::HttpHeaders &headers);
    static QString label(const pc::GpsessionClaims &claims, QStringView token);

    // SESSIONDOMAIN is set: whether HEADERS' Host names that session's origin.
    static bool isOrigin(const pc::HttpHeaders &headers, const QString &sessionDomain,
                         const QString &label);
    // https://<label>.<sessionDomain>[:port], the port being the one the client used
    // in its Host header (none when it named none).
    static QByteArray origin(const pc::HttpHeaders &headers, const QString &sessionDomain,
                             const QString &label);
};

} // namespace gw
