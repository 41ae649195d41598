# Node groups: WireGuard interfaces in network namespaces; paths are relative to gatewayd/.
set(GATEWAYD_GROUPS_SOURCES
  groups/groupslog.h groups/groupslog.cpp
  groups/netcapabilities.h groups/netcapabilities.cpp
  groups/systemcommand.h groups/systemcommand.cpp
  groups/groupownership.h groups/groupownership.cpp
  groups/wireguardlink.h groups/wireguardlink.cpp
  groups/wireguarddump.h groups/wireguarddump.cpp
  groups/groupruntime.h groups/groupruntime.cpp
  groups/groupstatus.h groups/groupstatus.cpp
  groups/groupmanager.h groups/groupmanager.cpp
  groups/groupsockets.h groups/groupsockets.cpp)
