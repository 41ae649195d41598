#pragma once

// Small helpers for tests that drive Chromium: screenshots kept for a human
// (PMPROXY_SHOTS_DIR) and, when a step fails, everything needed to see why.

#include "cdpbrowser.h"

#include <QString>
#include <string>

namespace browsercheck {

// Saves a screenshot as PMPROXY_SHOTS_DIR/NAME.png when that variable is set (not in CI);
// returns the path, or nothing.
QString keepShot(testsupport::CdpBrowser &browser, const QString &name);

// The failure message of STEP: the browser's error, the page's address, what the page
// logged, and where a screenshot of the moment was saved (PMPROXY_SHOTS_DIR, else the
// temporary directory).
std::string describeFailure(testsupport::CdpBrowser &browser, const QString &step);

} // namespace browsercheck

// Fails the test case with describeFailure() when OK is false.
#define REQUIRE_BROWSER(browser, step, ok)                                                         \
    do {                                                                                           \
        if (!(ok))                                                                                 \
            FAIL(browsercheck::describeFailure((browser), (step)));                                \
    } while (false)
