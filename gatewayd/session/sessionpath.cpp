#include "session/sessionpath.h"

using namespace Qt::StringLiterals;

namespace gw {

QString sessionPathName(SessionPath path) {
    switch (path) {
    case SessionPath::Browser:
        return u"browser"_s;
    case SessionPath::Tunnel:
        return u"tunnel"_s;
    case SessionPath::Agent:
        return u"agent"_s;
    case SessionPath::Ingress:
        return u"ingress"_s;
    }
    return u"browser"_s;
}

std::optional<SessionPath> sessionPathFromName(const QString &name) {
    for (SessionPath p :
         {SessionPath::Browser, SessionPath::Tunnel, SessionPath::Agent, SessionPath::Ingress}) {
        if (sessionPathName(p) == name)
            return p;
    }
    return std::nullopt;
}

} // namespace gw
