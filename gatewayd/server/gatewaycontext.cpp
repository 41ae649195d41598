#include "server/gatewaycontext.h"

#include "agent/agentproof.h"
#include "agents/agentservice.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace gw {

AgentRegistry *GatewayContext::agentRegistry() const {
    return services.agents ? services.agents->registry() : nullptr;
}

pc::Expected<std::shared_ptr<const GatewayContext>, QString>
GatewayContext::create(const GatewayConfig &config, pc::UpstreamPool *pool,
                       GatewayServices services) {
    auto gate = TokenGate::fromConfig(config);
    if (!gate)
        return pc::unexpected(gate.error());
    QHash<QString, QByteArray> secrets;
    for (qsizetype i = 0; i < config.agents.size(); ++i) {
        const GatewayConfig::Agent &agent = config.agents.at(i);
        QFile file(agent.secretFile);
        if (!file.open(QIODevice::ReadOnly))
            return pc::unexpected(
                u"agents[%1].secretFile: cannot read %2"_s.arg(i).arg(agent.secretFile));
        const QByteArray secret = pc::AgentProof::secretFromFile(file.read(64 * 1024));
        if (secret.size() < pc::AgentProof::kMinSecretBytes)
            return pc::unexpected(
                u"agents[%1].secretFile: %2 holds fewer than %3 bytes (a secret that short is "
                "guessable)"_s.arg(i)
                    .arg(agent.secretFile)
                    .arg(pc::AgentProof::kMinSecretBytes));
        secrets.insert(agent.id, secret);
    }
    return std::shared_ptr<const GatewayContext>(new GatewayContext{
        config, std::move(gate).value(), TargetResolver(TargetPolicy::forThisHost(config.targets)),
        pool, services, std::move(secrets), std::make_shared<const IngressRoutes>(config)});
}

} // namespace gw
