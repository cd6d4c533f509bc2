# Fails when a painter of the frame renderer writes a colour literally instead of taking it from
# ui/view/theme (STYLE.md: colours from the theme, never literals in drawing code).
#   cmake -DVIEW_DIR=<repo>/ui/view -P check_painter_colours.cmake
# Flags QColor(...) constructions, qRgb/qRgba(...) and named Qt colours (Qt::transparent, the
# absence of colour, is allowed).
cmake_minimum_required(VERSION 3.25)
if(NOT VIEW_DIR)
  message(FATAL_ERROR "usage: cmake -DVIEW_DIR=... -P check_painter_colours.cmake")
endif()
set(painters frame_renderer.cpp raster_layers.cpp vector_layers.cpp overlay_painter.cpp frame_layer_support.hpp)
set(problems)
foreach(file IN LISTS painters)
  if(NOT EXISTS ${VIEW_DIR}/${file})
    list(APPEND problems "ui/view/${file} is missing (update the list in this script)")
    continue()
  endif()
  file(STRINGS ${VIEW_DIR}/${file} lines REGEX
    "QColor[ \t]*[({][ \t]*[0-9\"#]|QColor[ \t]+[A-Za-z_]+[ \t]*[({][ \t]*[0-9\"#]|qRgba?[ \t]*\\(|Qt::(white|black|red|green|blue|cyan|magenta|yellow|gray|darkGray|lightGray|dark[A-Z][a-z]+)")
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    list(APPEND problems "ui/view/${file}: ${line}")
  endforeach()
endforeach()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "literal colours in the frame painters (take them from Theme):\n  ${text}")
endif()
message(STATUS "the frame painters take every colour from the theme")
