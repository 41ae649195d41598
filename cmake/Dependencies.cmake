# Every external dependency is found here, once (Debian 12 packages; see ./run).
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Network WebSockets Sql)
if(PMPROXY_BUILD_APP)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets WebEngineWidgets LinguistTools)
endif()
# zlib: proxycore decodes gzip/deflate BMC responses it rewrites; the app inflates pages
# it adds its WebSocket shim to; bmcsim compresses like firmware does.
find_package(ZLIB REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
# The tunnel envelope (proxycore/tunnel/tunnel.proto): protoc + the lite runtime.
find_package(Protobuf 3.21 REQUIRED)

# llhttp (node-llhttp: generated C sources, built here as llhttp_static).
include(Llhttp)

if(PMPROXY_BUILD_TESTS)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Test) # QTest::qWaitFor (tests/support/waitfor.h)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()

if(PMPROXY_BUILD_TESTS)
  # Debian's python3 (with python3-jwt) runs the interop tests, not a user's pyenv.
  find_program(PMPROXY_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
endif()
