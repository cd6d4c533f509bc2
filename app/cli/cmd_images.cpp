#include <iostream>

#include "commands.hpp"
#include "images_commands.hpp"

namespace flowlab::cli {

namespace {

struct ImagesSubcommand {
    const char* name;
    const char* summary;
    int (*run)(const std::vector<std::string>& args);
};

const ImagesSubcommand kSubcommands[] = {
    {"train", "train the time-conditioned U-Net for b, s, η or v on an image data set", runImagesTrain},
    {"sample", "a grid of samples (PNG) or a filmstrip along t, exact or learned field", runImagesSample},
    {"nll", "negative log-likelihood in bits/dim by the probability-flow ODE", runImagesNll},
    {"metrics", "classifier Fréchet distance, class histogram and memorisation of samples", runImagesMetrics},
    {"inpaint", "fill a masked region of an image with the SDE (replacement method)", runImagesInpaint},
    {"interpolate", "morph between two images through their ODE latents", runImagesInterpolate},
};

void printImagesHelp() {
    std::cout << "Usage: flowlab-cli images SUBCOMMAND [options]   (SUBCOMMAND --help for its options)\n\n"
                 "Flows and diffusions on images in pixel space (values scaled to [-1, 1]).\n"
                 "Data: --data fashion-mnist | shapes | folder:DIR | idx:IMAGES[,LABELS]\n\n"
                 "Subcommands:\n";
    for (const auto& s : kSubcommands) std::cout << "  " << s.name << std::string(13 - std::string(s.name).size(), ' ') << s.summary << "\n";
}

}  // namespace

int runImages(const std::vector<std::string>& args) {
    if (args.empty() || args.front() == "--help" || args.front() == "-h") {
        printImagesHelp();
        return args.empty() ? 2 : 0;
    }
    for (const auto& s : kSubcommands)
        if (args.front() == s.name) return s.run(std::vector<std::string>(args.begin() + 1, args.end()));
    return fail("images: unknown subcommand '" + args.front() + "' (train, sample, nll, metrics, inpaint, interpolate)");
}

}  // namespace flowlab::cli
