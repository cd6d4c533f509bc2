#pragma once

#include <vector>

#include "args.hpp"
#include "images/image_data.hpp"

namespace flowlab::cli {

/// --data, --size, --max-train, --max-test and --seed-data: the image data set options every
/// `images` subcommand spells the same way.
std::vector<OptionSpec> imageDataOptionSpecs();

/// Reads those options (--data is required). Errors name the option and say what is allowed.
core::Result<core::ImageDataOptions> parseImageDataArgs(const Args& args);

}  // namespace flowlab::cli
