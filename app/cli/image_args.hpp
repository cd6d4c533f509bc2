#pragma once

#include <atomic>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "args.hpp"
#include "field/field_source.hpp"
#include "images/image_data.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/sampler.hpp"

namespace flowlab::cli {

/// --data, --size, --max-train, --max-test and --data-seed: the image data set options every
/// `images` subcommand spells the same way.
std::vector<OptionSpec> imageDataOptionSpecs();

/// Reads those options (--data is required). Errors name the option and say what is allowed.
core::Result<core::ImageDataOptions> parseImageDataArgs(const Args& args);

/// --field, --model, --class, --guidance, the interpolant options (as `sample` spells them),
/// --seed and --threads: which field the sampling subcommands run on.
std::vector<OptionSpec> imageFieldOptionSpecs();

/// A loaded data set with the field to sample: the exact field of the training split (optionally
/// restricted to a class, or guided between the unconditional and the class field), or a
/// learned one.
struct ImageFieldSetup {
    core::ImageSplits data;
    core::InterpolantOptions interpolantOptions;
    std::shared_ptr<const core::FieldSource> field;
    bool exact = true;
    int classLabel = -1;     ///< −1: unconditional
    double guidance = 1.0;   ///< w (docs/maths.md §11) when classLabel ≥ 0
    std::uint64_t seed = 0;
    int threads = 0;

    core::Interpolant interpolant() const;
    /// "exact (10000 images), class 3 'Dress', w = 2" for progress and result lines.
    std::string describe() const;
};

/// Loads the data and builds the field. `needed` is a FieldKind mask the field must provide.
/// --field learned runs the U-Net of --model (images train) with its own interpolant; --guidance
/// needs --class; the exact field takes at most 10 000 training images (--max-train).
core::Result<ImageFieldSetup> parseImageField(const Args& args, unsigned needed);

/// --steps, --solver, --eps and the schedule options of `sample`, for the image commands.
std::vector<OptionSpec> imageSamplerOptionSpecs(core::SolverKind defaultSolver);

/// Reads them (ε defaults to 1 for SDE solvers; ε with an ODE solver is refused), checks them
/// against the interpolant and refuses a sampler that needs the score from a field without one.
core::Result<core::SamplerOptions> parseImageSamplerArgs(const Args& args, core::SolverKind defaultSolver,
                                                         const ImageFieldSetup& setup);

/// A sampling subcommand's options: its own, then the sampler (default solver given), field and
/// data options.
std::vector<OptionSpec> imageCommandSpecs(std::vector<OptionSpec> own, core::SolverKind defaultSolver);

/// --split test|train (default test): which split of the setup's data a command measures.
core::Result<const core::ImageDataset*> parseSplit(const Args& args, const ImageFieldSetup& setup);

/// The required --out, refused before any work when its folder does not exist.
core::Result<std::string> parseOutput(const Args& args);

/// Ctrl-C for a long image job: while alive, SIGINT sets a flag instead of killing the process,
/// so the job stops at its next step and nothing half-done is written. Restores the previous
/// handler on destruction.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
    static bool interrupted();
    /// Raises the flag as SIGINT would (for tests).
    static void interrupt();

private:
    void (*m_previous)(int) = nullptr;
};

/// A progress line on standard error ("\rimages sample: 35% …"), redrawn every 5 %; returns
/// false once Ctrl-C was pressed (an InterruptGuard must be alive).
class ProgressLine {
public:
    explicit ProgressLine(std::string label) : m_label(std::move(label)) {}
    ~ProgressLine();
    bool operator()(double fraction);

private:
    std::string m_label;
    int m_last = -1;
};

/// Generates n images with the setup's field from the base N(0, I) (gaussianStart), with a
/// progress line; stops with "interrupted" on Ctrl-C.
core::Result<core::SampleResult> sampleImages(const ImageFieldSetup& setup, const core::SamplerOptions& options,
                                              int n, ProgressLine& progress);

/// Refuses an --out path whose folder does not exist before any long work starts.
core::Status checkOutputPath(const std::string& path);

/// Parses "RxC" (e.g. "8x8") into rows and columns, each 1 … 64.
core::Status parseGrid(const std::string& text, int& rows, int& columns);

}  // namespace flowlab::cli
