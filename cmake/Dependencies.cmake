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

# libhttp-parser ships no CMake or pkg-config files in Debian.
find_path(HTTP_PARSER_INCLUDE_DIR http_parser.h REQUIRED)
find_library(HTTP_PARSER_LIBRARY NAMES http_parser REQUIRED)
add_library(http_parser::http_parser UNKNOWN IMPORTED)
set_target_properties(http_parser::http_parser PROPERTIES
  IMPORTED_LOCATION "${HTTP_PARSER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${HTTP_PARSER_INCLUDE_DIR}")

if(PMPROXY_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()

if(PMPROXY_BUILD_TESTS)
  # Debian's python3 (with python3-jwt) runs the interop tests, not a user's pyenv.
  find_program(PMPROXY_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
endif()
