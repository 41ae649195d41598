#include "http/httpparserstate.h"

namespace pc {

void HttpParserState::startMessage() {
    phase = Phase::Head;
    pending = Pending::None;
    begun = false;
    leadingCr = false;
    leadingBytes = 0;
    upgradeAfter = false;
    closeAfter = false;
    trailers = false;
    bodyBytes = 0;
    expectedBody = 0;
}

} // namespace pc
