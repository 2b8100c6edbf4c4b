# Shared build rules: warnings as errors on every compiler we support,
# sanitizers on request, and one helper to declare a cmocka test.

add_compile_options(-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
                    -Wmissing-prototypes -Wvla -D_POSIX_C_SOURCE=200809L)
if(ADX_SANITIZE)
  add_compile_options(-fsanitize=${ADX_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${ADX_SANITIZE})
  if(ADX_SANITIZE MATCHES "address")
    add_compile_definitions(ADX_ASAN=1)
  endif()
endif()

if(ADX_TEST_HOOKS)
  add_compile_definitions(ADX_TEST_HOOKS=1)
else()
  add_compile_definitions(ADX_TEST_HOOKS=0)
endif()

if(NOT CMAKE_CROSSCOMPILING) # cmocka is not packaged for the firmware targets
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)
endif()

# adx_add_test(NAME n SOURCES s... [LIBS l...] [LABELS l...] [TIMEOUT sec])
# Every test runs under CTest; LABELS lets slow tests carry their own budget
# (the Makefile's TEST_EXCLUDE and check-* targets choose the labels that run).
function(adx_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} PkgConfig::CMOCKA m)
  target_include_directories(${T_NAME} PRIVATE ${CMAKE_SOURCE_DIR}/tests/common)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT}
                       WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  if(T_LABELS)
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()
