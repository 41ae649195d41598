# Target-scoped settings for our own code; nothing here is set globally.

if(PMPROXY_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "PMPROXY_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
endif()

# Sanitizers apply to every target of ours, including tests, so they go on an
# interface library that each target links.
add_library(pmproxy_options INTERFACE)
target_compile_options(pmproxy_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wnull-dereference)
if(PMPROXY_WERROR)
  target_compile_options(pmproxy_options INTERFACE -Werror)
endif()
target_compile_definitions(pmproxy_options INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_NO_KEYWORDS)
if(PMPROXY_SANITIZE OR PMPROXY_FUZZ)
  target_compile_options(pmproxy_options INTERFACE -fsanitize=address,undefined
    -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(pmproxy_options INTERFACE -fsanitize=address,undefined)
endif()
if(PMPROXY_FUZZ)
  target_compile_options(pmproxy_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

function(pmproxy_target_defaults target)
  target_link_libraries(${target} PRIVATE pmproxy_options)
  set_target_properties(${target} PROPERTIES AUTOMOC ON)
endfunction()
