#pragma once

// What a real browser should see on the emulated BMCs' pages, shared by the QtWebEngine
// test of the pages (test_browser.cpp, straight to bmcsim) and the Chromium test through
// gatewayd (tests/gatewayd/browser): where each login leads, the welcome text, and the
// console canvas compared pixel by pixel with the test pattern.

#include "bmcsim/platform.h"
#include "bmcsim/testpattern.h"

#include <QList>
#include <QString>
#include <QVariantList>

namespace bmcsim::test::pages {

struct Flow {
    Platform platform;
    QString welcomePath; // where the login leads
};

inline QList<Flow> flows() {
    return {{Platform::Idrac9, QStringLiteral("/restgui/index.html")},
            {Platform::Idrac8, QStringLiteral("/index.html")},
            {Platform::Ilo5, QStringLiteral("/html/summary.html")},
            {Platform::AsrockRack, QStringLiteral("/dashboard.html")},
            {Platform::Generic, QStringLiteral("/overview.html")}};
}

// JavaScript: true once the welcome page shows the user from the authenticated API.
inline QString welcomeShown(const QString &user) {
    return QStringLiteral("document.getElementById('welcome').textContent === 'Welcome %1'")
        .arg(user);
}

// JavaScript: true once the console page has drawn at least N frames.
inline QString framesDrawn(int n) {
    return QStringLiteral("Number(document.getElementById('frames').textContent) >= %1").arg(n);
}

// JavaScript: true once at least N input echoes came back.
inline QString echoesCounted(int n) {
    return QStringLiteral("Number(document.getElementById('echoes').textContent) >= %1").arg(n);
}

// JavaScript: [frame number, RGBA bytes of the 64x48 canvas], read in one go so both
// belong to the same frame.
inline QString consoleSample() {
    return QStringLiteral("[Number(document.getElementById('frameNumber').textContent),"
                          " Array.from(document.getElementById('screen').getContext('2d')"
                          "  .getImageData(0, 0, 64, 48).data)]");
}

// The frame number of a consoleSample() value.
inline quint32 sampleFrame(const QVariantList &sample) {
    return sample.isEmpty() ? 0 : quint32(sample[0].toUInt());
}

// Pixels of a consoleSample() value that differ from the test pattern's frame; -1 when
// SAMPLE is not such a value.
inline int wrongPixels(const QVariantList &sample) {
    using namespace bmcsim::pattern;
    if (sample.size() != 2)
        return -1;
    const quint32 n = sampleFrame(sample);
    const QVariantList rgba = sample[1].toList();
    if (rgba.size() != kWidth * kHeight * 4)
        return -1;
    int wrong = 0;
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            const int i = (y * kWidth + x) * 4;
            const Rgb seen{quint8(rgba[i].toUInt()), quint8(rgba[i + 1].toUInt()),
                           quint8(rgba[i + 2].toUInt())};
            wrong += seen == pixel(x, y, n) ? 0 : 1;
        }
    }
    return wrong;
}

} // namespace bmcsim::test::pages
