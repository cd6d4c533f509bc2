#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace flowlab::core {

/// The EXIF orientation (1 … 8) stored in a JPEG APP1 segment's payload (the bytes after the
/// segment length, starting with "Exif\0\0"); 1 ("as stored") when absent or unreadable.
/// Cameras and phones store pictures as the sensor saw them and record here how to turn them.
int readExifOrientation(const std::string& app1Payload);

/// True when the orientation swaps width and height (5 … 8).
inline bool orientationSwapsAxes(int orientation) { return orientation >= 5 && orientation <= 8; }

/// Turns a packed RGBA picture (width × height) as EXIF orientation `orientation` says, so that
/// it looks as intended; updates width and height (swapped for 5 … 8).
void applyExifOrientation(std::vector<std::uint8_t>& rgba, int& width, int& height, int orientation);

}  // namespace flowlab::core
