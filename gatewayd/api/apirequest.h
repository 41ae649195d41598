#pragma once

#include "http/httpheaders.h"

#include <QByteArray>
#include <QString>
#include <QUrlQuery>

namespace gw {

// One request to the management API, read whole (its body is at most
// ApiConnection::kMaxBodyBytes).
struct ApiRequest {
    QByteArray method; // "GET", "POST", ...
    QString path;      // percent-decoded, without the query
    QUrlQuery query;
    pc::HttpHeaders headers;
    QByteArray body;
};

} // namespace gw
