#pragma once

#include <string>
#include <vector>

namespace flowlab::cli {

/// `flowlab-cli images SUBCOMMAND ...`: flows and diffusions on image data sets in pixel space
/// (docs/maths.md, pixel space). Dispatches to the subcommands below.
int runImages(const std::vector<std::string>& args);

/// images train: trains the time-conditioned U-Net (cmd_images_train.cpp).
int runImagesTrain(const std::vector<std::string>& args);
/// images sample: a grid of samples (PNG) or a filmstrip of t, exact or learned field.
int runImagesSample(const std::vector<std::string>& args);
/// images nll: bits/dim by the probability-flow ODE.
int runImagesNll(const std::vector<std::string>& args);
/// images metrics: classifier Fréchet distance, class histogram, memorisation.
int runImagesMetrics(const std::vector<std::string>& args);
/// images inpaint: fills a masked region by the replacement method.
int runImagesInpaint(const std::vector<std::string>& args);
/// images interpolate: spherical interpolation of two images' ODE latents.
int runImagesInterpolate(const std::vector<std::string>& args);

}  // namespace flowlab::cli
