#pragma once

#include "bmcsim/personality.h"

namespace bmcsim {

class Idrac8Personality final : public Personality {
public:
    using Personality::Personality;

protected:
    std::optional<Dispatch> route(const SimRequest &request) override;
    UpgradeDecision console(const SimRequest &request) override;
};

} // namespace bmcsim
