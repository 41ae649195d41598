# Node groups' ingress (README, "Node groups: ingress"): the SNI split of the public
# listener, TLS passthrough to a route's node, and the figures per route.
set(GATEWAYD_INGRESS_SOURCES
  ingress/ingresslog.h ingress/ingresslog.cpp
  ingress/clienthelloparser.h ingress/clienthelloparser.cpp
  ingress/clienthellopeek.h ingress/clienthellopeek.cpp
  ingress/ingressroutes.h ingress/ingressroutes.cpp
  ingress/ingressstats.h ingress/ingressstats.cpp
  ingress/ingresssession.h ingress/ingresssession.cpp
  ingress/nodesocketfactory.h ingress/nodesocketfactory.cpp
  ingress/nodeconnector.h ingress/nodeconnector.cpp
  ingress/passthroughconnection.h ingress/passthroughconnection.cpp
  ingress/ingressrequestform.h ingress/ingressrequestform.cpp
  ingress/ingresshttpbilling.h ingress/ingresshttpbilling.cpp
  ingress/ingresshttpconnection.h ingress/ingresshttpconnection.cpp
  ingress/snisplitserver.h ingress/snisplitserver.cpp)
