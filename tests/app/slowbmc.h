#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace apptest {

// data/slowbmc.py as a real process: an HTTPS BMC stand-in (its own self-signed
// certificate, made with openssl) that takes upload bodies at a fixed pace and answers
// with their length and SHA-256. Killed when destroyed.
class SlowBmc {
public:
    explicit SlowBmc(qint64 bytesPerSecond);
    ~SlowBmc();
    SlowBmc(const SlowBmc &) = delete;
    SlowBmc &operator=(const SlowBmc &) = delete;

    bool ok() const { return m_port != 0; }
    QString error() const { return m_error; }
    quint16 port() const { return m_port; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace apptest
