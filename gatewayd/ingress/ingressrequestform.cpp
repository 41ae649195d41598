#include "ingress/ingressrequestform.h"

#include "server/sessionorigin.h"

using namespace Qt::StringLiterals;

namespace gw {

namespace {

bool startsWithScheme(const QByteArray &target, QByteArrayView scheme) {
    return target.size() > scheme.size() &&
           QByteArrayView(target).first(scheme.size()).compare(scheme, Qt::CaseInsensitive) == 0;
}

} // namespace

pc::Expected<QString, GatewayError> IngressRequestForm::check(pc::HttpRequestHead &head) {
    if (head.isConnect()) {
        return pc::unexpected(GatewayError{405, u"method_not_allowed"_s,
                                           u"CONNECT is not served on the HTTP ingress"_s});
    }
    QByteArray &target = head.target;
    qsizetype afterScheme = 0;
    if (startsWithScheme(target, "http://"))
        afterScheme = 7;
    else if (startsWithScheme(target, "https://"))
        afterScheme = 8;
    if (afterScheme > 0) {
        // Absolute-form (RFC 9112 §3.2.2): the authority names the host, the node gets
        // the origin-form; a Host that says otherwise is a smuggling attempt.
        qsizetype end = afterScheme;
        while (end < target.size() && target[end] != '/' && target[end] != '?' &&
               target[end] != '#')
            ++end;
        const QByteArray authority = target.mid(afterScheme, end - afterScheme);
        if (authority.isEmpty() || authority.contains('@')) {
            return pc::unexpected(
                GatewayError{400, u"bad_request"_s, u"the request target names no host"_s});
        }
        const QByteArray host = head.headers.value("Host").trimmed();
        if (!head.headers.contains("Host"))
            head.headers.append("Host", authority);
        else if (head.headers.countOf("Host") != 1 ||
                 host.compare(authority, Qt::CaseInsensitive) != 0) {
            return pc::unexpected(GatewayError{400, u"host_mismatch"_s,
                                               u"the request target and Host name different "
                                               u"hosts"_s});
        }
        QByteArray origin = target.mid(end);
        if (const qsizetype fragment = origin.indexOf('#'); fragment >= 0)
            origin.truncate(fragment);
        if (!origin.startsWith('/'))
            origin.prepend('/');
        target = origin;
    } else if (!target.startsWith('/') && !(target == "*" && head.method == "OPTIONS")) {
        return pc::unexpected(
            GatewayError{400, u"bad_request"_s, u"the request target is not in origin-form"_s});
    }
    if (head.headers.countOf("Host") > 1) {
        return pc::unexpected(
            GatewayError{400, u"bad_request"_s, u"the request has more than one Host"_s});
    }
    return SessionOrigin::hostName(head.headers);
}

void IngressRequestForm::clean(pc::HttpRequestHead &head, const QByteArray &peerAddress) {
    const bool webSocket = head.isWebSocketUpgrade();
    head.headers.removeHopByHop();
    if (webSocket) {
        head.headers.append("Connection", "Upgrade");
        head.headers.append("Upgrade", "websocket");
    }
    const QByteArray clientHost = head.headers.value("Host");
    for (const char *name :
         {"Forwarded", "X-Real-IP", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"})
        head.headers.remove(name);
    head.headers.append("X-Forwarded-For", peerAddress);
    head.headers.append("X-Forwarded-Proto", "http");
    head.headers.append("X-Forwarded-Host", clientHost);
}

} // namespace gw
