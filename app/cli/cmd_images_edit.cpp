// images inpaint (fill a masked region by the replacement method) and images interpolate
// (spherical interpolation of two images' probability-flow latents).
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "image_args.hpp"
#include "images/image_grid.hpp"
#include "images/memorisation.hpp"
#include "images_commands.hpp"
#include "sampler/image_sampling.hpp"

namespace flowlab::cli {
namespace {

/// 1 where a pixel is known: everything but the `missing` region (a half, or the centre square).
core::Result<core::Points> maskFor(const std::string& missing, const core::ImageDataset& d, Eigen::Index n) {
    core::Points m = core::Points::Ones(n, d.dim());
    for (int c = 0; c < d.channels; ++c)
        for (int y = 0; y < d.height; ++y)
            for (int x = 0; x < d.width; ++x) {
                bool hole = false;
                if (missing == "right") hole = 2 * x >= d.width;
                else if (missing == "left") hole = 2 * x < d.width;
                else if (missing == "top") hole = 2 * y < d.height;
                else if (missing == "bottom") hole = 2 * y >= d.height;
                else if (missing == "centre") hole = 4 * x >= d.width && 4 * x < 3 * d.width && 4 * y >= d.height && 4 * y < 3 * d.height;
                else return core::Error{"--missing: '" + missing + "' (use right, left, top, bottom or centre)"};
                if (hole) m.col((c * d.height + y) * d.width + x).setZero();
            }
    return m;
}

}  // namespace

int runImagesInpaint(const std::vector<std::string>& tokens) {
    const auto specs = imageCommandSpecs(
        {
            {"n", "N", "number of test images to inpaint, the first of the test split (default 8)"},
            {"missing", "REGION", "the region to fill: right, left, top, bottom or centre (default right)"},
            {"scale", "S", "nearest-neighbour upscaling of each pixel (default 4)"},
            {"out", "FILE.png", "rows: original, masked (hole grey), inpainted (required)"},
        },
        core::SolverKind::EulerMaruyama);
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli images inpaint --data SET [--missing right] [--solver em --eps E] --out FILE.png",
                                "Fills the missing region of test images by Song et al.'s replacement method: after\n"
                                "every step of the sampler the known pixels are replaced by a fresh draw of\n"
                                "α(t) ξ + β(t) y + γ(t) ζ, so at t = 1 they equal the image exactly and the rest\n"
                                "is generated to agree with them. Default solver: Euler–Maruyama with ε = 1 tapered\n"
                                "to 0 near the ends.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto out = parseOutput(*args);
    if (!out) return fail(out.message());
    auto n = args->integer("n", 8, 1, 64);
    if (!n) return fail(n.message());
    auto scale = args->integer("scale", 4, 1, 32);
    if (!scale) return fail(scale.message());
    auto missing = args->string("missing", "right");
    if (!missing) return fail(missing.message());
    auto setup = parseImageField(*args, core::kVelocity);
    if (!setup) return fail(setup.message());
    const core::Interpolant interpolant = setup->interpolant();
    // Tapered ε unless the user chose a schedule: at t → 1 the exact field's score is ~1/σ²(t).
    auto options = parseImageSamplerArgs(*args, core::SolverKind::EulerMaruyama, *setup);
    if (!options) return fail(options.message());
    if (!args->has("eps-schedule")) options->epsilon.kind = core::EpsilonKind::Taper, options->epsilon.taper = 0.1;

    const auto& test = setup->data.test;
    const Eigen::Index count = std::min<Eigen::Index>(*n, static_cast<Eigen::Index>(test.size()));
    const core::Points known = core::datasetPoints(test).topRows(count);
    auto mask = maskFor(*missing, test, count);
    if (!mask) return fail(mask.message());
    core::Rng rng(setup->seed);
    core::Points start = core::gaussianStart(interpolant, test.dim(), count, rng);

    InterruptGuard guard;
    core::Result<core::SampleResult> r = core::Error{"not run"};
    {
        ProgressLine progress("images inpaint: " + std::to_string(count) + " images");
        r = core::inpaint(*setup->field, interpolant, known, *mask, std::move(start), *options, rng,
                          [&progress](double f) { return progress(f); });
    }
    if (!r && InterruptGuard::interrupted()) return fail("interrupted (Ctrl-C): nothing written");
    if (!r) return fail(r.message());

    core::Points tiles(3 * count, test.dim());
    for (Eigen::Index i = 0; i < count; ++i) {
        tiles.row(3 * i) = known.row(i);
        tiles.row(3 * i + 1) = known.row(i).cwiseProduct(mask->row(i));  // the hole at 0: mid grey
        tiles.row(3 * i + 2) = r->end.row(i);
    }
    core::ImageGridOptions g;
    g.rows = static_cast<int>(count);
    g.columns = 3;
    g.scale = static_cast<int>(*scale);
    if (core::Status st = core::writeImageGrid(*out, tiles, test.channels, test.height, test.width, g); !st)
        return fail(st.message());
    std::printf("wrote %s: %lld test images of %s inpainted (%s missing) with %s, %s %d steps, NFE %d\n", out->c_str(),
                static_cast<long long>(count), test.description.c_str(), missing->c_str(), setup->describe().c_str(),
                core::toString(options->solver).c_str(), options->steps, r->nfe);
    return 0;
}

int runImagesInterpolate(const std::vector<std::string>& tokens) {
    const auto specs = imageCommandSpecs(
        {
            {"from", "I", "index of the first image in the split (default 0)"},
            {"to", "J", "index of the second image (default 1)"},
            {"split", "NAME", "test or train (default test)"},
            {"frames", "F", "interpolated frames, both ends included (default 8)"},
            {"t-data", "T", "time the images are placed at (as β(T) y), in (0, 1] (default 1; the exact field: 0.8, "
                            "where its flow is still smoothly invertible)"},
            {"scale", "S", "nearest-neighbour upscaling of each pixel (default 4)"},
            {"out", "FILE.png", "one row: image I, the F decoded frames, image J (required)"},
        },
        core::SolverKind::Rk4);
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli images interpolate --data SET [--from I --to J] [--frames F] --out FILE.png",
                                "Encodes two images by the backward probability-flow ODE to their latents at t = 0,\n"
                                "interpolates the latents spherically and decodes each by the forward ODE\n"
                                "(\"manipulating latent representations\", Song et al.). ODE solvers only.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto out = parseOutput(*args);
    if (!out) return fail(out.message());
    auto frames = args->integer("frames", 8, 2, 64);
    if (!frames) return fail(frames.message());
    auto scale = args->integer("scale", 4, 1, 32);
    if (!scale) return fail(scale.message());
    auto setup = parseImageField(*args, core::kVelocity);
    if (!setup) return fail(setup.message());
    auto split = parseSplit(*args, *setup);
    if (!split) return fail(split.message());
    const auto& images = **split;
    const long long last = static_cast<long long>(images.size()) - 1;
    auto from = args->integer("from", 0, 0, last);
    if (!from) return fail(from.message());
    auto to = args->integer("to", std::min(1LL, last), 0, last);
    if (!to) return fail(to.message());
    // The exact flow collapses onto the training images as t → 1 (every image encodes to the
    // same latent there) and is steep near 1 between them: 0.8 keeps round trips exact.
    auto tData = args->number("t-data", setup->exact ? 0.8 : 1.0, 1e-3, 1.0);
    if (!tData) return fail(tData.message());
    const core::Interpolant interpolant = setup->interpolant();
    auto options = parseImageSamplerArgs(*args, core::SolverKind::Rk4, *setup);
    if (!options) return fail(options.message());
    if (options->isStochastic()) return fail("--solver: interpolation needs an ODE solver (the encoding must be deterministic)");

    const core::Points all = core::datasetPoints(images);
    // At t < 1 the images sit at β(t) y (their noise-free position on the path).
    const double beta = interpolant.coeffs(*tData).beta;
    InterruptGuard guard;
    core::Result<core::LatentInterpolation> r = core::Error{"not run"};
    {
        ProgressLine progress("images interpolate");
        r = core::interpolateLatents(*setup->field, interpolant, beta * all.row(*from), beta * all.row(*to),
                                     static_cast<int>(*frames), *options, *tData, [&progress](double f) { return progress(f); });
    }
    if (!r && InterruptGuard::interrupted()) return fail("interrupted (Ctrl-C): nothing written");
    if (!r) return fail(r.message());
    core::Points tiles(*frames + 2, images.dim());
    tiles.row(0) = all.row(*from);
    tiles.middleRows(1, *frames) = r->images / beta;
    tiles.row(*frames + 1) = all.row(*to);
    core::ImageGridOptions g;
    g.rows = 1;
    g.columns = static_cast<int>(*frames + 2);
    g.scale = static_cast<int>(*scale);
    if (core::Status st = core::writeImageGrid(*out, tiles, images.channels, images.height, images.width, g); !st)
        return fail(st.message());
    std::printf("wrote %s: %lld frames between %s images %lld and %lld of %s, %s, latents at t = 0 from t = %g\n",
                out->c_str(), static_cast<long long>(*frames), *split == &setup->data.test ? "test" : "train", *from, *to, images.description.c_str(),
                setup->describe().c_str(), *tData);
    return 0;
}

}  // namespace flowlab::cli
