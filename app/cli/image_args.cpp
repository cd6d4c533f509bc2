#include "image_args.hpp"

#include "field/unet_field.hpp"

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <system_error>

#include "field/empirical_field.hpp"
#include "field/unet_field.hpp"
#include "field/guided_field.hpp"
#include "sampler/image_sampling.hpp"
#include "scene/image_scene.hpp"
#include "sampler_args.hpp"
#include "scene_options.hpp"

namespace flowlab::cli {
namespace {

std::atomic<bool> g_interrupted{false};
void onInterrupt(int) { g_interrupted.store(true); }

/// The exact field takes at most this many images (an evaluation costs N·d per point).
constexpr int kMaxExactImages = 10000;

}  // namespace

std::vector<OptionSpec> imageDataOptionSpecs() {
    return {
        {"data", "SET", "image data set: " + core::imageDataSpecHelp() + " (required)"},
        {"size", "S", "resize images to S×S (area average, e.g. 28 → 14; " + std::to_string(core::kMinImageDataSide) +
                          " … " + std::to_string(core::kMaxImageDataSide) + "; default: the data set's own)"},
        {"max-train", "N", "use at most the first N training images (default all; shapes: 4000)"},
        {"max-test", "N", "use at most the first N test images (default all; shapes: 1000)"},
        {"data-seed", "S", "seed of the procedural shapes (default 0)"},
    };
}

core::Result<core::ImageDataOptions> parseImageDataArgs(const Args& args) {
    core::ImageDataOptions o;
    auto data = args.required("data");
    if (!data) return data.error();
    o.spec = *data;
    auto size = args.integer("size", 0, core::kMinImageDataSide, core::kMaxImageDataSide);
    if (!size) return size.error();
    o.size = static_cast<int>(*size);
    auto maxTrain = args.integer("max-train", 0, 1, 1000000);
    if (!maxTrain) return maxTrain.error();
    o.maxTrain = static_cast<int>(*maxTrain);
    auto maxTest = args.integer("max-test", 0, 1, 1000000);
    if (!maxTest) return maxTest.error();
    o.maxTest = static_cast<int>(*maxTest);
    auto seed = args.integer("data-seed", 0, 0, 1LL << 53);
    if (!seed) return seed.error();
    o.seed = static_cast<std::uint64_t>(*seed);
    if (const auto p = o.validate(); !p.empty()) return core::Error{"--data: " + p};
    return o;
}

std::vector<OptionSpec> imageFieldOptionSpecs() {
    std::vector<OptionSpec> specs = {
        {"field", "KIND", "exact (the closed-form field of the training images; it memorises) or learned (the U-Net of --model) (default exact)"},
        {"model", "FILE", "the U-Net checkpoint of --field learned (from images train)"},
        {"class", "K", "sample class K only (the exact field of that class's images, or the network's class)"},
        {"guidance", "W", "classifier-free guidance scale with --class: 0 unconditional, 1 conditional, > 1 guided (default 1)"},
    };
    // The interpolant, seed and threads exactly as `sample` spells them.
    for (const auto& s : sceneOptionSpecs())
        if (s.name == "interpolant" || s.name == "sigma-min" || s.name == "gamma" || s.name == "gamma-a" ||
            s.name == "seed" || s.name == "threads" || s.name.rfind("vp-", 0) == 0 || s.name.rfind("ve-", 0) == 0)
            specs.push_back(s);
    return specs;
}

core::Interpolant ImageFieldSetup::interpolant() const {
    return std::move(core::Interpolant::create(interpolantOptions)).value();
}

std::string ImageFieldSetup::describe() const {
    std::string s = field ? field->label() : "no field";
    if (classLabel >= 0 && guidance != 1.0) {
        std::ostringstream w;
        w << guidance;
        s += " [w = " + w.str() + "]";
    }
    return s;
}

core::Result<ImageFieldSetup> parseImageField(const Args& args, unsigned needed) {
    using core::Error;
    ImageFieldSetup s;
    auto kind = args.string("field", "exact");
    if (!kind) return kind.error();
    if (*kind != "exact" && *kind != "learned") return Error{"--field: '" + *kind + "' (use exact or learned)"};
    const bool learned = *kind == "learned";
    if (learned && !args.has("model")) return Error{"--field learned needs --model FILE (a U-Net from images train)"};
    if (!learned && args.has("model")) return Error{"--model is the network of --field learned; add --field learned"};
    if (core::Status st = parseInterpolantArgs(args, s.interpolantOptions); !st) return Error{st.message()};
    auto interp = core::Interpolant::create(s.interpolantOptions);
    if (!interp) return Error{"--interpolant: " + interp.message()};
    auto seed = args.integer("seed", 0, 0, 1LL << 62);
    if (!seed) return seed.error();
    s.seed = static_cast<std::uint64_t>(*seed);
    auto threads = args.integer("threads", 0, 0, 1024);
    if (!threads) return threads.error();
    s.threads = static_cast<int>(*threads);
    auto label = args.integer("class", -1, 0, 1000000);
    if (!label) return label.error();
    s.classLabel = static_cast<int>(*label);
    auto w = args.number("guidance", 1.0, 0.0, 100.0);
    if (!w) return w.error();
    s.guidance = *w;
    if (args.has("guidance") && s.classLabel < 0) return Error{"--guidance needs --class K (the class to guide towards)"};

    auto dataOptions = parseImageDataArgs(args);
    if (!dataOptions) return dataOptions.error();
    auto data = core::loadImageData(*dataOptions);
    if (!data) return Error{data.message()};
    s.data = std::move(*data);
    if (learned) {
        if (s.classLabel >= 0 && s.classLabel >= s.data.train.classCount())
            return Error{"--class: " + std::to_string(s.classLabel) + " is not a class of " + s.data.train.description};
        auto model = args.required("model");
        if (!model) return model.error();
        // w = 1 (the conditional field) is the default with a class; without one the model runs unconditioned.
        auto net = core::UNetField::load(*model, s.classLabel, s.classLabel >= 0 ? s.guidance : 0.0);
        if (!net) return Error{"--model: " + net.message()};
        if (net->dim() != s.data.train.dim())
            return Error{"--model: the network takes images of " + std::to_string(net->dim()) + " values but " +
                         s.data.train.description + " has " + std::to_string(s.data.train.dim()) +
                         " (use the --data and --size it was trained on)"};
        // The interpolant is the one the network learned; options that say otherwise are refused.
        if (args.has("interpolant") && !(s.interpolantOptions == net->interpolant().options()))
            return Error{"--interpolant: the model was trained with " + core::toString(net->interpolant().options().family) +
                         "; leave the interpolant options out to use it"};
        s.interpolantOptions = net->interpolant().options();
        s.exact = false;
        s.field = std::make_shared<const core::UNetField>(std::move(*net));
        if (!s.field->canProvide(needed))
            return Error{"the field '" + s.field->label() + "' cannot provide what this command needs (an SDE needs a "
                         "model that gives the score: train it for s or eta, or use an ODE solver)"};
        return s;
    }
    if (s.data.train.size() > std::size_t(kMaxExactImages))
        return Error{"the exact field takes at most " + std::to_string(kMaxExactImages) + " training images, " +
                     s.data.train.description + " has " + std::to_string(s.data.train.size()) +
                     ": add --max-train " + std::to_string(kMaxExactImages)};
    // The same builder as the window's image scenes (class restriction and guidance included).
    auto built = core::exactImageField(s.data.train, *interp, s.classLabel, s.guidance, s.threads, kMaxExactImages);
    if (!built) return Error{(s.classLabel >= 0 && s.classLabel >= s.data.train.classCount() ? "--class: " : "") + built.message()};
    std::shared_ptr<const core::FieldSource> field = std::move(*built);
    if (!field->canProvide(needed)) return Error{"the field '" + field->label() + "' cannot provide what this command needs"};
    s.field = std::move(field);
    return s;
}

std::vector<OptionSpec> imageSamplerOptionSpecs(core::SolverKind defaultSolver) {
    std::vector<OptionSpec> specs = {
        {"steps", "K", "integration steps (default 100)"},
        {"solver", "NAME", "euler, heun, midpoint, rk4, dopri5 (ODE); em, sde-heun (SDE); ddpm (vp), ddim (vp/subvp/ve), "
                           "smld (ve), reverse-diffusion (vp/ve) (default " +
                               core::toString(defaultSolver) + ")"},
        {"eps", "E", "constant SDE diffusion ε ≥ 0 (default 1 for SDE solvers)"},
    };
    appendOptionSpecs(specs, samplerScheduleOptionSpecs());
    return specs;
}

core::Result<core::SamplerOptions> parseImageSamplerArgs(const Args& args, core::SolverKind defaultSolver,
                                                         const ImageFieldSetup& setup) {
    core::SamplerOptions o;
    o.solver = defaultSolver;
    o.epsilon.value = 1.0;
    auto steps = args.integer("steps", 100, 1, 100000);
    if (!steps) return steps.error();
    o.steps = static_cast<int>(*steps);
    if (core::Status st = parseSamplerArgs(args, o, EpsilonWithOde::Refuse); !st) return core::Error{st.message()};
    if (const auto p = o.validate(setup.interpolant()); !p.empty()) return core::Error{p};
    if (!setup.field->canProvide(o.requiredFields()))
        return core::Error{"the field '" + setup.field->label() + "' cannot provide the score this sampler needs"};
    return o;
}

std::vector<OptionSpec> imageCommandSpecs(std::vector<OptionSpec> own, core::SolverKind defaultSolver) {
    appendOptionSpecs(own, imageSamplerOptionSpecs(defaultSolver));
    appendOptionSpecs(own, imageFieldOptionSpecs());
    appendOptionSpecs(own, imageDataOptionSpecs());
    return own;
}

core::Result<const core::ImageDataset*> parseSplit(const Args& args, const ImageFieldSetup& setup) {
    auto split = args.string("split", "test");
    if (!split) return split.error();
    if (*split == "test") return &setup.data.test;
    if (*split == "train") return &setup.data.train;
    return core::Error{"--split: '" + *split + "' (use test or train)"};
}

core::Result<std::string> parseOutput(const Args& args) {
    auto out = args.required("out");
    if (!out) return out.error();
    if (core::Status st = checkOutputPath(*out); !st) return core::Error{st.message()};
    return out;
}

core::Result<core::SampleResult> sampleImages(const ImageFieldSetup& setup, const core::SamplerOptions& options, int n,
                                              ProgressLine& progress) {
    core::Rng rng(setup.seed);
    const core::Interpolant interpolant = setup.interpolant();
    core::Points start = core::gaussianStart(interpolant, setup.field->dim(), n, rng);
    auto r = core::sample(*setup.field, interpolant, std::move(start), options, rng,
                          [&progress](double f) { return progress(f); });
    if (!r && InterruptGuard::interrupted()) return core::Error{"interrupted (Ctrl-C): nothing written"};
    return r;
}

InterruptGuard::InterruptGuard() {
    g_interrupted.store(false);
    m_previous = std::signal(SIGINT, onInterrupt);
}

InterruptGuard::~InterruptGuard() { std::signal(SIGINT, m_previous == SIG_ERR ? SIG_DFL : m_previous); }

bool InterruptGuard::interrupted() { return g_interrupted.load(); }
void InterruptGuard::interrupt() { g_interrupted.store(true); }

ProgressLine::~ProgressLine() {
    if (m_last >= 0) std::fprintf(stderr, "\n");
}

bool ProgressLine::operator()(double fraction) {
    // Every 5 %: a line a log file can still read, often enough to see progress.
    const int percent = 5 * static_cast<int>(20.0 * fraction);
    if (percent != m_last) {
        std::fprintf(stderr, "\r%s: %d%%   ", m_label.c_str(), percent);
        std::fflush(stderr);
        m_last = percent;
    }
    return !InterruptGuard::interrupted();
}

core::Status checkOutputPath(const std::string& path) {
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
        return core::Error{"--out: the folder " + parent.string() + " does not exist"};
    if (std::filesystem::is_directory(path, ec)) return core::Error{"--out: " + path + " is a folder"};
    return {};
}

core::Status parseGrid(const std::string& text, int& rows, int& columns) {
    int r = 0, c = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &r, &x, &c, &extra) != 3 || (x != 'x' && x != 'X') || r < 1 || c < 1 ||
        r > 64 || c > 64)
        return core::Error{"--grid: '" + text + "' (use RxC with 1 … 64 rows and columns, e.g. 8x8)"};
    rows = r;
    columns = c;
    return {};
}

}  // namespace flowlab::cli
