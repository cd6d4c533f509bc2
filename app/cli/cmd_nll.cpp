#include <cstdio>
#include <functional>
#include <iostream>
#include <vector>

#include "commands.hpp"
#include "io/csv.hpp"
#include "likelihood/likelihood.hpp"
#include "scene_options.hpp"

namespace flowlab::cli {
namespace {

/// From this many points on, nll prints its progress.
constexpr Eigen::Index kNllProgressRows = 100000;

}  // namespace

int runNll(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = {
        {"points", "FILE.csv", "data points (x1 at t = 1), CSV with header; - for stdin"},
        {"solver", "NAME", "ODE solver: euler, heun, midpoint, rk4 or dopri5 (default dopri5)"},
        {"steps", "K", "fixed steps, or the initial step hint for dopri5 (default 100)"},
        {"rtol", "X", "dopri5 relative tolerance (default 1e-7)"},
        {"atol", "X", "dopri5 absolute tolerance (default 1e-9)"},
        {"out", "FILE.csv", "write the per-point log-likelihoods here instead of standard output"},
    };
    appendOptionSpecs(specs, sceneOptionSpecs());
    appendOptionSpecs(specs, modelOptionSpecs());
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli nll --points FILE.csv [--out FILE.csv]",
                                "Computes log ρ1(x) = log ρ0(X_0) − ∫₀¹ ∇·b(t, X_t) dt by solving the\n"
                                "probability-flow ODE with its divergence backward from t = 1 to 0 (docs/maths.md §7).\n"
                                "Prints CSV with the header 'logp' and one row per point in input order; the mean\n"
                                "negative log-likelihood in nats goes to standard error.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto pointsPath = args->required("points");
    if (!pointsPath) return fail(pointsPath.message());
    auto out = optionalOutPath(args->value("out"));
    if (!out) return fail(out.message());
    core::LikelihoodOptions o;
    auto solverName = args->string("solver", "dopri5");
    if (!solverName) return fail(solverName.message());
    bool found = false;
    for (std::size_t i = 0; i < core::odeMethodNames().size(); ++i) {
        if (core::odeMethodNames()[i] == *solverName) {
            o.method = static_cast<core::OdeMethod>(i);
            found = true;
        }
    }
    if (!found) return fail("--solver: unknown ODE solver '" + *solverName + "' (known: euler, heun, midpoint, rk4, dopri5)");
    auto steps = args->integer("steps", 100, 1, 1000000);
    if (!steps) return fail(steps.message());
    o.steps = static_cast<int>(*steps);
    auto rtol = args->number("rtol", 1e-7, 1e-14, 1.0);
    if (!rtol) return fail(rtol.message());
    auto atol = args->number("atol", 1e-9, 1e-16, 1.0);
    if (!atol) return fail(atol.message());
    o.rtol = *rtol;
    o.atol = *atol;

    auto scene = parseScene(*args);
    if (!scene) return fail(scene.message());
    auto field = makeFieldSource(*scene, *args, core::kVelocity | core::kDivergence);
    if (!field) return fail(field.message());
    auto points = readInputPoints(*pointsPath, (*field)->dim());
    if (!points) return fail(points.message());

    // The density generation starts from: the base, or N(0, α(0)² I) for one-sided families.
    const core::Interpolant interpolant = scene->interpolant();
    core::GaussianMixture prior = scene->base;
    if (interpolant.isOneSided()) {
        const double a0 = interpolant.coeffs(0.0).alpha;
        prior = core::GaussianMixture::isotropic(scene->base.dim(), a0 * a0);
    }
    // Many points take minutes: say how far the solve is (ProgressLines is silent for few).
    ProgressLines progress("nll over " + std::to_string(points->rows()) + " points", points->rows() >= kNllProgressRows);
    auto r = core::logLikelihood(**field, prior, *points, o, std::ref(progress));
    if (!r) return fail(r.message());
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", r->meanNll());
    // Report only once the output is written: a failed write must leave one line on stderr.
    const int code = emitTable({"logp"}, r->logDensity, *out, "log ρ");
    if (code == 0) {
        std::cerr << "mean NLL " << buf << " nats over " << points->rows() << " points (NFE " << r->nfe << ")\n";
    }
    return code;
}

}  // namespace flowlab::cli
