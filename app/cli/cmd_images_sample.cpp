#include "commands.hpp"
#include "images_commands.hpp"

namespace flowlab::cli {

// Placeholders until the image data and sampling commands land.
int runImagesSample(const std::vector<std::string>&) { return fail("images sample: not available yet"); }
int runImagesNll(const std::vector<std::string>&) { return fail("images nll: not available yet"); }
int runImagesMetrics(const std::vector<std::string>&) { return fail("images metrics: not available yet"); }
int runImagesInpaint(const std::vector<std::string>&) { return fail("images inpaint: not available yet"); }
int runImagesInterpolate(const std::vector<std::string>&) { return fail("images interpolate: not available yet"); }

}  // namespace flowlab::cli
