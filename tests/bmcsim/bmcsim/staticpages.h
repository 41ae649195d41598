#pragma once

// The emulated BMC's HTML/JS/CSS (tests/bmcsim/pages, compiled in as resources, each
// file also gzip-compressed at build time the way iDRAC firmware stores them).
// A platform's own files answer at their path; the shared ones (bmcsim.js,
// console.js, style.css) below the platform's asset prefix.

#include "bmcsim/platformrules.h"

#include <QByteArray>
#include <optional>

namespace bmcsim {

struct StaticPage {
    QByteArray content;
    QByteArray contentType;
    bool gzipped = false;
};

class StaticPages {
public:
    explicit StaticPages(const PlatformRules &rules)
        : m_rules(rules) {}

    // The file at URL path `path` (no query), gzip-compressed when `gzipped`.
    std::optional<StaticPage> find(const QByteArray &path, bool gzipped) const;

private:
    const PlatformRules &m_rules;
};

} // namespace bmcsim
