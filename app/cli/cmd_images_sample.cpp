// images sample (a grid of samples, or a filmstrip along t) and images metrics (memorisation and
// the class histogram of samples), on the exact field of an image set or a learned one.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "image_args.hpp"
#include "images/image_grid.hpp"
#include "images/memorisation.hpp"
#include "images_commands.hpp"
#include "metrics/image_quality.hpp"
#include "train/image_classifier.hpp"

namespace flowlab::cli {
namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// The filmstrip: `rows` samples, each along `columns` evenly spaced times of the trajectory.
core::Points filmstrip(const core::SampleResult& r, int rows, int columns) {
    const auto d = r.end.cols();
    core::Points tiles(Eigen::Index(rows) * columns, d);
    const auto last = static_cast<double>(r.trajectory.size() - 1);
    for (int c = 0; c < columns; ++c) {
        const auto step = static_cast<std::size_t>(std::lround(columns > 1 ? last * c / (columns - 1) : last));
        for (int s = 0; s < rows; ++s) tiles.row(Eigen::Index(s) * columns + c) = r.trajectory[step].row(s);
    }
    return tiles;
}

}  // namespace

int runImagesSample(const std::vector<std::string>& tokens) {
    const auto specs = imageCommandSpecs(
        {
            {"grid", "RxC", "rows and columns of the picture grid (default 8x8)"},
            {"n", "N", "number of samples (default R·C; with --trajectory, R)"},
            {"scale", "S", "nearest-neighbour upscaling of each pixel (default 4)"},
            {"trajectory", "", "a filmstrip instead: each row one sample, the columns C evenly spaced times t = 0 … 1"},
            {"out", "FILE.png", "the picture (required; written atomically, nothing is left on failure)"},
        },
        core::SolverKind::Rk4);
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli images sample --data SET [--field exact] [--class K [--guidance W]]\n"
                                "                                 [--grid RxC] [--trajectory] --out FILE.png",
                                "Draws images from the base N(0, I) in d = C·H·W dimensions and carries them to the\n"
                                "data with the probability-flow ODE or the SDE dX = [b + ε s] dt + √(2ε) dW (the\n"
                                "samplers of `sample`). The exact field is the closed-form field of the training\n"
                                "images: its samples are copies of training images. Values in [-1, 1] map to 0 … 255.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto out = parseOutput(*args);
    if (!out) return fail(out.message());
    int rows = 8, columns = 8;
    if (auto grid = args->value("grid"); grid) {
        if (core::Status st = parseGrid(*grid, rows, columns); !st) return fail(st.message());
    }
    const bool strip = args->flag("trajectory");
    auto n = args->integer("n", strip ? rows : rows * columns, 1, 4096);
    if (!n) return fail(n.message());
    if (*n > (strip ? rows : rows * columns))
        return fail("--n " + std::to_string(*n) + " does not fit the " + std::to_string(rows) + "x" +
                    std::to_string(columns) + " grid" + (strip ? " (one sample per row with --trajectory)" : ""));
    auto scale = args->integer("scale", 4, 1, 32);
    if (!scale) return fail(scale.message());

    auto setup = parseImageField(*args, core::kVelocity);
    if (!setup) return fail(setup.message());
    auto options = parseImageSamplerArgs(*args, core::SolverKind::Rk4, *setup);
    if (!options) return fail(options.message());
    if (strip && options->solver == core::SolverKind::Dopri5)
        return fail("--trajectory needs a fixed-step solver (not dopri5)");
    options->recordTrajectory = strip;

    const auto t0 = std::chrono::steady_clock::now();
    InterruptGuard guard;
    core::Result<core::SampleResult> result = core::Error{"not sampled"};
    {
        ProgressLine progress("images sample: " + std::to_string(*n) + " samples");
        result = sampleImages(*setup, *options, static_cast<int>(*n), progress);
    }
    if (!result) return fail(result.message());
    const double seconds = secondsSince(t0);

    const auto& train = setup->data.train;
    core::ImageGridOptions g;
    g.rows = strip ? static_cast<int>(*n) : rows;
    g.columns = columns;
    g.scale = static_cast<int>(*scale);
    const core::Points tiles = strip ? filmstrip(*result, static_cast<int>(*n), columns) : result->end;
    if (core::Status st = core::writeImageGrid(*out, tiles, train.channels, train.height, train.width, g); !st)
        return fail(st.message());
    std::printf("wrote %s: %s%lld samples of %s, %s, %s %d steps, NFE %d, %.2f s\n", out->c_str(),
                strip ? "filmstrip of " : "", static_cast<long long>(*n), train.description.c_str(),
                setup->describe().c_str(), core::toString(options->solver).c_str(), options->steps, result->nfe, seconds);
    return 0;
}

int runImagesMetrics(const std::vector<std::string>& tokens) {
    const auto specs = imageCommandSpecs(
        {
            {"n", "N", "number of samples to measure (default 64)"},
            {"classifier", "FILE", "a classifier from images train --classifier-out: adds the Fréchet distance in its "
                                   "feature space to the test split and its class histogram"},
            {"out", "FILE.csv", "also write each sample's nearest training image and distance"},
        },
        core::SolverKind::Rk4);
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli images metrics --data SET [--field exact] [--n N] [--out FILE.csv]",
                                "Samples N images and measures memorisation: the distance from each sample to its\n"
                                "nearest training image (beside the same distance for unseen test images), and the\n"
                                "fraction that copy one: per-pixel RMS distance below half an 8-bit level (1/256).\n"
                                "The class histogram uses the label of each sample's nearest training image.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto n = args->integer("n", 64, 1, 100000);
    if (!n) return fail(n.message());
    const auto out = args->value("out");
    if (out) {
        if (core::Status st = checkOutputPath(*out); !st) return fail(st.message());
    }
    std::optional<core::ImageClassifier> classifier;
    if (auto path = args->value("classifier")) {
        auto loaded = core::ImageClassifier::load(*path);
        if (!loaded) return fail("--classifier: " + loaded.message());
        classifier = std::move(*loaded);
    }
    auto setup = parseImageField(*args, core::kVelocity);
    if (!setup) return fail(setup.message());
    auto options = parseImageSamplerArgs(*args, core::SolverKind::Rk4, *setup);
    if (!options) return fail(options.message());

    InterruptGuard guard;
    core::Result<core::SampleResult> result = core::Error{"not sampled"};
    {
        ProgressLine progress("images metrics: sampling " + std::to_string(*n));
        result = sampleImages(*setup, *options, static_cast<int>(*n), progress);
    }
    if (!result) return fail(result.message());
    const auto& train = setup->data.train;
    auto report = core::memorisationReport(result->end, train, &setup->data.test);
    if (!report) return fail(report.message());

    std::ostringstream text;
    text.precision(4);
    text << "samples: " << *n << " from " << setup->describe() << " on " << train.description << "\n";
    text << "nearest training image: median distance " << report->medianDistance << ", mean " << report->meanDistance
         << " (unseen test images: median " << report->testMedianDistance << ")\n";
    text << "copies (per-pixel RMS distance < " << report->threshold << " = half an 8-bit level): "
         << std::lround(report->copyFraction * double(*n)) << "/" << *n << " = " << 100.0 * report->copyFraction << "%\n";
    if (train.hasLabels()) {
        std::vector<int> counts(static_cast<std::size_t>(train.classCount()), 0);
        for (std::size_t i : report->nearestIndex) ++counts[static_cast<std::size_t>(train.labels[i])];
        double entropy = 0.0;
        text << "class histogram (label of the nearest training image):";
        for (std::size_t k = 0; k < counts.size(); ++k) {
            text << " " << train.classNames[k] << " " << counts[k] << (k + 1 < counts.size() ? "," : "");
            const double p = double(counts[k]) / double(*n);
            if (p > 0) entropy -= p * std::log2(p);
        }
        text << "\nclass entropy: " << entropy << " bits (uniform: " << std::log2(double(counts.size())) << ")\n";
    }
    if (classifier) {
        auto quality = core::measureImageQuality(*classifier, result->end, setup->data.test);
        if (!quality) return fail("--classifier: " + quality.message());
        text << "Fréchet distance (classifier features) to " << setup->data.test.description << ": " << quality->frechet
             << " (test half against test half: " << quality->referenceFloor << ")\n";
        text << "classifier's class entropy: samples " << quality->samples.entropy << " nats, test images "
             << quality->reference.entropy << " nats\n";
    } else {
        text << "Fréchet distance: give --classifier FILE (from images train --classifier-out)\n";
    }
    if (out) {
        core::Points table(*n, 3);
        for (Eigen::Index i = 0; i < *n; ++i) {
            table(i, 0) = double(i);
            table(i, 1) = double(report->nearestIndex[std::size_t(i)]);
            table(i, 2) = report->nearestDistance[std::size_t(i)];
        }
        if (int code = emitTable({"sample", "nearest_train_index", "distance"}, table, *out, "a distance"); code != 0)
            return code;
    }
    std::cout << text.str();
    return 0;
}

}  // namespace flowlab::cli
