#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

class GatewayFixture;

namespace apptest {

// `pmproxy --headless` as a real process with a session through GATEWAY (whose bmcsim
// runs the generic platform), and curl's side of it: a cookie jar that holds the loopback
// proxy's secret and, after login(), the emulated BMC's session. pmproxy's stderr goes to
// a file (a pipe nobody reads could fill and stop it).
class HeadlessApp {
public:
    // CLAIMS are added to the token's (e.g. a later "exp" for long transfers).
    explicit HeadlessApp(const GatewayFixture &gateway, const QJsonObject &claims = {});
    ~HeadlessApp();
    HeadlessApp(const HeadlessApp &) = delete;
    HeadlessApp &operator=(const HeadlessApp &) = delete;

    bool ok() const { return !m_base.isEmpty(); }
    QString error() const { return m_error; }
    qint64 pid() const { return m_process.processId(); }
    // The URL pmproxy printed (with its secret), what a browser opens first.
    QString entry() const { return m_entry; }
    // http://127.0.0.N:PORT + PATH
    QString url(const QString &path) const { return m_base + path; }
    // curl's common arguments: quiet, errors shown, the cookie jar both ways.
    QStringList curlArgs() const;
    // Opens the printed URL (the jar then holds the loopback proxy's secret).
    bool enter(QString *why);
    // enter(), then logs in to the emulated BMC (a Redfish session).
    bool login(QString *why);
    // The last lines pmproxy wrote on stderr.
    QString log() const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_entry;
    QString m_base;
    QString m_error;
};

} // namespace apptest
