#pragma once

// The technician's walk in Chromium, shared by the gateway's browser-mode test and the
// app's headless test: from wherever the entry link led (the BMC's login page), type the
// credentials, click Log In, reach the authenticated page, open the console, check the
// test pattern frame after frame and input echoes, and stay on HOST (the address the
// browser was given: the gateway, or the app's loopback proxy).

#include "cdpbrowser.h"
#include "pagechecks.h"

namespace consolewalk {

void loginAndConsole(testsupport::CdpBrowser &browser, const bmcsim::test::pages::Flow &flow,
                     const QString &host);

// The walk's two halves. login(): from the login page on HOST to the authenticated page
// showing USER (the platform's default user and password when not given). console():
// from the authenticated page, the console's frames and input echoes, still on HOST.
void login(testsupport::CdpBrowser &browser, const bmcsim::test::pages::Flow &flow,
           const QString &host, const QString &user = {}, const QString &password = {});
void console(testsupport::CdpBrowser &browser, const QString &host);

} // namespace consolewalk
