#pragma once

namespace pc {

// The HTTP versions this module speaks. Anything else is refused while parsing
// (505 for a request, 502 for a response) and cannot be serialized.
enum class HttpVersion { Http1_0, Http1_1 };

} // namespace pc
