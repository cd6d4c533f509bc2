#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "images/byte_images.hpp"

namespace flowlab::core {

/// The classes of the procedural shapes data set, in label order.
const std::vector<std::string>& shapeClassNames();

/// Default side of the shapes images and the default split sizes.
inline constexpr int kShapesDefaultSide = 16;
inline constexpr int kShapesDefaultTrain = 4000;
inline constexpr int kShapesDefaultTest = 1000;

/// `count` grey side × side images of one white shape on black — a disc, a square, a ring or a
/// bar (horizontal or vertical) — of random size, position and brightness, with its class as
/// the label (classes in turn, so every class has count/4 images). Anti-aliased by 4×4
/// supersampling and rounded to 8 bits. The same seed gives the same images; the parameters are
/// continuous, so two seeds practically never share an image. Thousands of images take
/// milliseconds: tests and first-time users need no download.
ByteImages generateShapes(int count, int side, std::uint64_t seed);

}  // namespace flowlab::core
