#include "http/httpparserstate.h"

namespace pc {

void HttpParserState::startMessage() {
    phase = Phase::Head;
    headSeen = false;
    messageComplete = false;
    upgradeAfter = false;
    closeAfter = false;
    remaining = 0;
    expectedBody = 0;
    bodyBytes = 0;
}

} // namespace pc
