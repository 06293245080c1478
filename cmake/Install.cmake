# cmake --install: libraries, headers, the CMake package (credcheck:: namespace, version file),
# pkg-config, the credcheck tool and the Python package.
include(CMakePackageConfigHelpers)

install(TARGETS credcheck_shared credcheck_static EXPORT credcheckTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS credcheck_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/capi/credcheck.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/credcheck DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/include/credcheck/version.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/credcheck)

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/credcheck)
install(EXPORT credcheckTargets NAMESPACE credcheck:: DESTINATION ${config_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/credcheckConfig.cmake.in ${PROJECT_BINARY_DIR}/credcheckConfig.cmake
  INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/credcheckConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/credcheckConfig.cmake ${PROJECT_BINARY_DIR}/credcheckConfigVersion.cmake DESTINATION ${config_dir})

file(RELATIVE_PATH CREDCHECK_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(${PROJECT_SOURCE_DIR}/cmake/credcheck.pc.in ${PROJECT_BINARY_DIR}/credcheck.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/credcheck.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Debian's interpreter looks in <prefix>/lib/python3/dist-packages.
set(CREDCHECK_PYTHON_DIR lib/python3/dist-packages CACHE STRING "Where the Python package goes, under the prefix")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/bindings/python/credcheck DESTINATION ${CREDCHECK_PYTHON_DIR}
  PATTERN "__pycache__" EXCLUDE)
