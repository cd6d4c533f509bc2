#include "commands.hpp"
#include "images_commands.hpp"

namespace flowlab::cli {

// Placeholder until the U-Net trainer lands.
int runImagesTrain(const std::vector<std::string>&) { return fail("images train: not available yet"); }

}  // namespace flowlab::cli
