#pragma once

// What makes one emulated BMC behave like its platform. The base class applies the
// platform's rules (platformrules.h) — Host/Origin/Referer checks, GET /, static files
// and their gzip rule, the console upgrade checks, the virtual-media endpoints — and
// asks the subclass for the routes and console tickets whose shape is the platform's own.

#include "bmcsim/dispatch.h"
#include "bmcsim/simcontext.h"
#include "bmcsim/simrequest.h"
#include "util/expected.h"

#include <memory>
#include <optional>

namespace bmcsim {

class Personality {
public:
    explicit Personality(SimContext &context)
        : m_ctx(context) {}
    virtual ~Personality() = default;
    Personality(const Personality &) = delete;
    Personality &operator=(const Personality &) = delete;

    static std::unique_ptr<Personality> create(SimContext &context);

    Dispatch dispatch(const SimRequest &request);
    UpgradeDecision upgrade(const SimRequest &request);

protected:
    // The platform's own routes; nothing means: try virtual media, then static files.
    virtual std::optional<Dispatch> route(const SimRequest &request) = 0;
    // The console upgrade once the common checks passed.
    virtual UpgradeDecision console(const SimRequest &request) = 0;

    // Records the refusal in the check log and answers {"bmcsim_refused": reason}.
    SimResponse refuse(int status, const QString &reason, const QString &detail) const;
    // The session of the platform's cookie; `csrfHeader`, when given, must carry its token.
    pc::Expected<const Session *, SimResponse> requireSession(const SimRequest &request,
                                                              const QByteArray &csrfHeader = {},
                                                              int refusalStatus = 401) const;
    bool credentialsMatch(const QString &user, const QString &password) const;
    // The platform's session cookie for `session` (Domain=<bmc host> where the rules say so).
    CookieSpec sessionCookie(const Session &session) const;
    QByteArray cookieDomain() const;
    Dispatch buffered(std::function<SimResponse(const QByteArray &)> answer) const;

    SimContext &m_ctx;

private:
    std::optional<SimResponse> checkAddressing(const SimRequest &request) const;
    std::optional<SimResponse> checkUpgrade(const SimRequest &request) const;
    SimResponse root(const SimRequest &request) const;
    std::optional<Dispatch> vmedia(const SimRequest &request) const;
    SimResponse staticFile(const SimRequest &request) const;
};

} // namespace bmcsim
