#include "httpserver/httpserverlog.h"

Q_LOGGING_CATEGORY(lcHttpServer, "pmproxy.httpserver", QtInfoMsg)
