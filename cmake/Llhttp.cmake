# llhttp: the HTTP/1.1 parser under proxycore/http (README.md, "Security and limits"). Debian 12's
# node-llhttp ships llhttp 8.1's generated C sources and header but no library, so they
# are compiled here as a static library, in strict mode. Its lenient flags stay off.
enable_language(C)

find_path(LLHTTP_INCLUDE_DIR llhttp.h PATHS /usr/share/include/llhttp /usr/include/llhttp)
set(LLHTTP_SOURCES)
foreach(name llhttp.c api.c http.c)
  string(MAKE_C_IDENTIFIER "LLHTTP_SOURCE_${name}" var)
  find_file(${var} ${name} PATHS /usr/share/llhttp NO_DEFAULT_PATH)
  list(APPEND LLHTTP_SOURCES ${${var}})
  if(NOT ${var})
    set(LLHTTP_MISSING TRUE)
  endif()
endforeach()
if(NOT LLHTTP_INCLUDE_DIR OR LLHTTP_MISSING)
  message(FATAL_ERROR "llhttp sources not found (/usr/share/llhttp/*.c and "
    "/usr/share/include/llhttp/llhttp.h): install Debian's node-llhttp (./run does)")
endif()

add_library(llhttp_static STATIC ${LLHTTP_SOURCES})
target_include_directories(llhttp_static SYSTEM PUBLIC ${LLHTTP_INCLUDE_DIR})
target_compile_definitions(llhttp_static PUBLIC LLHTTP_STRICT_MODE=1)
set_target_properties(llhttp_static PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
target_compile_options(llhttp_static PRIVATE -w)
# Fuzzing and sanitizer builds instrument llhttp too, so the fuzzer sees its states.
if(PMPROXY_SANITIZE OR PMPROXY_FUZZ)
  target_compile_options(llhttp_static PRIVATE -fsanitize=address,undefined
    -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
endif()
if(PMPROXY_FUZZ)
  target_compile_options(llhttp_static PRIVATE -fsanitize=fuzzer-no-link)
endif()
