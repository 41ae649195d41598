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

private:
    bmcsim::test::Reply send(const QByteArray &method, const QByteArray &path,
                             bmcsim::test::Headers headers, const QByteArray &body);

    bmcsim::test::Endpoint m_front;
    bmcsim::test::SimClient m_client;
    QByteArray m_page; // current page URL, for Referer
};

} // namespace flowtest
