# Install rules and the Debian package: `cmake --install build [--prefix /usr]`, `cpack -G DEB`.
# Standard GNUInstallDirs layout, so the program installs like any desktop application:
#   bin/flowlab, bin/flowlab-cli
#   share/applications/<id>.desktop, share/metainfo/<id>.metainfo.xml
#   share/icons/hicolor/scalable/apps/<id>.svg, share/icons/hicolor/NxN/apps/<id>.png
#   share/flowlab/scenes/…, share/flowlab/lessons/…   (found by core/common/resource_paths.cpp relative to bin/)
set(FLOWLAB_RESOURCES ${PROJECT_SOURCE_DIR}/resources)

install(TARGETS flowlab flowlab-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${FLOWLAB_RESOURCES}/desktop/${FLOWLAB_APP_ID}.desktop
  DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${FLOWLAB_RESOURCES}/desktop/${FLOWLAB_APP_ID}.metainfo.xml
  DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${FLOWLAB_RESOURCES}/icons/flowlab.svg
  DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${FLOWLAB_APP_ID}.svg)
# The PNGs are rendered from flowlab.svg once and committed (rsvg-convert -w N -h N).
foreach(size 48 128 256)
  install(FILES ${FLOWLAB_RESOURCES}/icons/flowlab-${size}.png
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME ${FLOWLAB_APP_ID}.png)
endforeach()
install(DIRECTORY ${FLOWLAB_RESOURCES}/scenes/ DESTINATION ${CMAKE_INSTALL_DATADIR}/flowlab/scenes)
install(DIRECTORY ${FLOWLAB_RESOURCES}/lessons/ DESTINATION ${CMAKE_INSTALL_DATADIR}/flowlab/lessons)

# The .deb. Its Depends come from dpkg-shlibdeps on the installed binaries (Qt 6, QCustomPlot,
# LibTorch, FFmpeg, BLAS, libstdc++…) plus what is loaded at run time and so invisible to it:
# Qt's platform plugins (xcb, offscreen) and the threaded OpenBLAS that LibTorch should use.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME flowlab)
set(CPACK_PACKAGE_VENDOR "FlowLab")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Watch flows and diffusions carry a base density to a target")
set(CPACK_PACKAGE_DESCRIPTION "FlowLab shows how stochastic interpolants, flow matching and score-based
diffusions carry a base density to a target, with exact Gaussian-mixture ground truth for every
field and networks trained live against it. Includes the flowlab-cli headless tool.")
set(FLOWLAB_PACKAGE_MAINTAINER "FlowLab developers <flowlab@example.invalid>" CACHE STRING
  "Maintainer field of the .deb")
set(CPACK_PACKAGE_CONTACT "${FLOWLAB_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${FLOWLAB_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libopenblas0-pthread")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
