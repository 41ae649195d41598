# gatewayd's configuration model and loader; paths are relative to gatewayd/.
set(GATEWAYD_CONFIG_SOURCES
  config/configerror.h config/configerror.cpp
  config/configlog.h config/configlog.cpp
  config/ipliteral.h config/ipliteral.cpp
  config/hostport.h config/hostport.cpp
  config/subnet.h config/subnet.cpp
  config/gatewayconfig.h config/gatewayconfig.cpp
  config/jsonobjectreader.h config/jsonobjectreader.cpp
  config/configfiles.h config/configfiles.cpp
  config/dnsname.h config/dnsname.cpp
  config/wireguardkey.h config/wireguardkey.cpp
  config/authsection.h config/authsection.cpp
  config/targetssection.h config/targetssection.cpp
  config/groupssection.h config/groupssection.cpp
  config/configparser.h config/configparser.cpp
  config/configloader.h config/configloader.cpp
  config/configwriter.h config/configwriter.cpp
  config/targetpolicy.h config/targetpolicy.cpp)
