# `cmake --install`: the public headers, the static libraries of every
# src/ layer, the tools, a CMake package (find_package(adx)) and a
# pkg-config file (adx.pc), so a module can be built out of tree
# (docs/modules.md). The package is written here rather than exported from
# the layers' targets, whose include paths name the source tree.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(adx_install_libs adx_platform adx_mem adx_dsp adx_sched adx_audio adx_ipc adx_modules)
set(adx_installed_libs "")
foreach(lib ${adx_install_libs})
  if(TARGET ${lib})
    install(TARGETS ${lib} ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
    list(APPEND adx_installed_libs ${lib})
  endif()
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/adx DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(tool adx-validate adx-testbench adx-tuning)
  if(TARGET ${tool})
    install(TARGETS ${tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

# A module compiled against the headers must see the same test-seam setting
# as the adx that loads it (adx_module_sync_point() is a call or nothing).
if(ADX_TEST_HOOKS)
  set(ADX_INSTALL_TEST_HOOKS 1)
else()
  set(ADX_INSTALL_TEST_HOOKS 0)
endif()
# Static link order: users before what they use.
set(adx_link_order adx_ipc adx_modules adx_audio adx_sched adx_dsp adx_mem adx_platform)
string(REPLACE ";" "|" adx_installed_regex "${adx_installed_libs}")
list(FILTER adx_link_order INCLUDE REGEX "^(${adx_installed_regex})$")
set(adx_pkg_dir ${CMAKE_INSTALL_LIBDIR}/cmake/adx)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/adxConfig.cmake.in
  ${PROJECT_BINARY_DIR}/adxConfig.cmake INSTALL_DESTINATION ${adx_pkg_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/adxConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/adxConfig.cmake
              ${PROJECT_BINARY_DIR}/adxConfigVersion.cmake
        DESTINATION ${adx_pkg_dir})

list(TRANSFORM adx_link_order PREPEND "-l" OUTPUT_VARIABLE adx_pc_libs)
list(JOIN adx_pc_libs " " ADX_PC_LIBS)
configure_file(${PROJECT_SOURCE_DIR}/cmake/adx.pc.in ${PROJECT_BINARY_DIR}/adx.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/adx.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
