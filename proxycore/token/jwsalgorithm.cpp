#include "token/jwsalgorithm.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace pc {

QString jwsAlgorithmName(JwsAlgorithm alg) {
    switch (alg) {
    case JwsAlgorithm::HS256:
        return u"HS256"_s;
    case JwsAlgorithm::HS384:
        return u"HS384"_s;
    case JwsAlgorithm::HS512:
        return u"HS512"_s;
    case JwsAlgorithm::RS256:
        return u"RS256"_s;
    case JwsAlgorithm::RS384:
        return u"RS384"_s;
    case JwsAlgorithm::RS512:
        return u"RS512"_s;
    case JwsAlgorithm::PS256:
        return u"PS256"_s;
    case JwsAlgorithm::ES256:
        return u"ES256"_s;
    case JwsAlgorithm::ES384:
        return u"ES384"_s;
    case JwsAlgorithm::EdDSA:
        return u"EdDSA"_s;
    }
    return {};
}

QList<JwsAlgorithm> allJwsAlgorithms() {
    return {JwsAlgorithm::HS256, JwsAlgorithm::HS384, JwsAlgorithm::HS512, JwsAlgorithm::RS256,
            JwsAlgorithm::RS384, JwsAlgorithm::RS512, JwsAlgorithm::PS256, JwsAlgorithm::ES256,
            JwsAlgorithm::ES384, JwsAlgorithm::EdDSA};
}

std::optional<JwsAlgorithm> jwsAlgorithmFromName(QStringView name) {
    for (JwsAlgorithm alg : allJwsAlgorithms()) {
        if (name == jwsAlgorithmName(alg))
            return alg;
    }
    return std::nullopt;
}

QString jwsAlgorithmNames(const QList<JwsAlgorithm> &algs) {
    QStringList names;
    for (JwsAlgorithm alg : algs)
        names << jwsAlgorithmName(alg);
    return names.join(u", "_s);
}

} // namespace pc
