#pragma once

#include "simclient.h"

namespace flowtest {

// An HTTP client that sends what a browser sends: Referer of the page it is on, Origin
// on requests other than GET/HEAD and on WebSocket upgrades, cookies from its jar.
class BrowserLike {
public:
    explicit BrowserLike(bmcsim::test::Endpoint front);

    bmcsim::test::Reply get(const QByteArray &path, const bmcsim::test::Headers &headers = {});
    bmcsim::test::Reply post(const QByteArray &path, const QByteArray &body,
                             const bmcsim::test::Headers &headers = {});
    // Loads a page: a GET that then becomes the Referer of what follows.
    bmcsim::test::Reply visit(const QByteArray &path);
    QByteArray cookie(const QByteArray &name) const { return m_client.cookie(name); }
    // The Cookie header the browser sends with an upgrade to the front.
    bmcsim::test::Headers cookieHeader();
    std::unique_ptr<bmcsim::test::ConsoleProbe> openConsole(const QByteArray &path,
                                                            const QStringList &subprotocols);

    const bmcsim::test::Endpoint &front() const { return m_front; }

    // Notes every response whose (decoded) body contains TEXT, e.g. the BMC's origin:
    // what a rewriting front must not let through.
    void watchFor(const QByteArray &text) { m_watched = text; }
    // "<path>" of each response that contained it, in order.
    const QList<QByteArray> &sightings() const { return m_sightings; }

private:
    bmcsim::test::Reply send(const QByteArray &method, const QByteArray &path,
                             bmcsim::test::Headers headers, const QByteArray &body);

    bmcsim::test::Endpoint m_front;
    bmcsim::test::SimClient m_client;
    QByteArray m_page; // current page URL, for Referer
    QByteArray m_watched;
    QList<QByteArray> m_sightings;
};

} // namespace flowtest
