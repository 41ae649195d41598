#include "browserpage.h"

#include "simclient.h"

#include <QDeadlineTimer>
#include <QWebEngineCertificateError>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <memory>

using namespace Qt::StringLiterals;

namespace bmcsim::test {

namespace {
class LoggingPage final : public QWebEnginePage {
public:
    using QWebEnginePage::QWebEnginePage;

protected:
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message, int line,
                                  const QString &source) override {
        qWarning().noquote() << "page console:" << source << line << message;
    }
};
} // namespace

BrowserPage::BrowserPage()
    : m_page(new LoggingPage(new QWebEngineProfile)) {
    m_page->profile()->setParent(m_page);
    QObject::connect(m_page, &QWebEnginePage::certificateError,
                     [](QWebEngineCertificateError error) { error.acceptCertificate(); });
}

BrowserPage::~BrowserPage() {
    QWebEngineProfile *profile = m_page->profile();
    profile->setParent(nullptr);
    delete m_page;
    delete profile;
}

bool BrowserPage::load(const QUrl &url) {
    bool finished = false;
    bool ok = false;
    const auto connection = QObject::connect(m_page, &QWebEnginePage::loadFinished, [&](bool r) {
        finished = true;
        ok = r;
    });
    m_page->load(url);
    waitFor([&] { return finished; }, 20000);
    QObject::disconnect(connection);
    return ok;
}

QVariant BrowserPage::eval(const QString &script) {
    // Shared state: the callback may come after waitFor gave up.
    struct Answer {
        bool done = false;
        QVariant value;
    };
    const auto answer = std::make_shared<Answer>();
    m_page->runJavaScript(script, [answer](const QVariant &v) {
        answer->value = v;
        answer->done = true;
    });
    waitFor([answer] { return answer->done; }, 10000);
    return answer->value;
}

bool BrowserPage::waitUntil(const QString &condition, int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        // The page may be between documents: an element not there yet is just "no".
        if (eval(u"(() => { try { return !!("_s + condition +
                 u"); } catch (e) { return false; } })()"_s)
                .toBool())
            return true;
        waitFor([] { return false; }, 50); // let the page run between checks
    }
    return false;
}

QUrl BrowserPage::url() const {
    return m_page->url();
}

} // namespace bmcsim::test
