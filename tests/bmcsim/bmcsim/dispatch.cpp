#include "bmcsim/dispatch.h"

#include "bmcsim/checklog.h"
#include "bmcsim/refusal.h"

using namespace Qt::StringLiterals;

namespace bmcsim {

namespace {
class BufferedBody final : public BodyHandler {
public:
    BufferedBody(CheckLog *log, std::function<SimResponse(const QByteArray &)> answer,
                 qsizetype maxBytes)
        : m_log(log)
        , m_answer(std::move(answer))
        , m_maxBytes(maxBytes) {}

    void consume(QByteArrayView chunk) override {
        if (m_tooLarge || m_body.size() + chunk.size() > m_maxBytes) {
            m_tooLarge = true;
            m_body.clear();
            return;
        }
        m_body.append(chunk);
    }

    SimResponse complete() override {
        if (m_tooLarge) {
            const QString detail = u"this endpoint takes at most %1 bytes"_s.arg(m_maxBytes);
            m_log->refuse(refusal::BodyTooLarge, detail);
            return SimResponse::refusal(413, refusal::BodyTooLarge, detail);
        }
        return m_answer(m_body);
    }

private:
    CheckLog *m_log;
    std::function<SimResponse(const QByteArray &)> m_answer;
    qsizetype m_maxBytes;
    QByteArray m_body;
    bool m_tooLarge = false;
};
} // namespace

Dispatch Dispatch::respond(SimResponse response) {
    Dispatch d;
    d.response = std::move(response);
    return d;
}

Dispatch Dispatch::handle(std::unique_ptr<BodyHandler> handler) {
    Dispatch d;
    d.handler = std::move(handler);
    return d;
}

Dispatch Dispatch::buffered(CheckLog *log, std::function<SimResponse(const QByteArray &)> answer,
                            qsizetype maxBytes) {
    return handle(std::make_unique<BufferedBody>(log, std::move(answer), maxBytes));
}

UpgradeDecision UpgradeDecision::refuse(SimResponse response) {
    UpgradeDecision d;
    d.refusal = std::move(response);
    return d;
}

UpgradeDecision UpgradeDecision::accept(QStringList subprotocols, ConsoleHandshake handshake) {
    UpgradeDecision d;
    d.subprotocols = std::move(subprotocols);
    d.handshake = std::move(handshake);
    return d;
}

UpgradeDecision UpgradeDecision::acceptThenClose(QStringList subprotocols, const QString &reason) {
    UpgradeDecision d;
    d.subprotocols = std::move(subprotocols);
    d.closeReason = reason;
    return d;
}

} // namespace bmcsim
