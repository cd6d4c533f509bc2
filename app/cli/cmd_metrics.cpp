#include <cmath>
#include <cstdio>
#include <random>
#include <utility>
#include <iostream>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "common/sane_range.hpp"
#include "io/csv.hpp"
#include "stats/sample_distance.hpp"

namespace flowlab::cli {
namespace {

/// Rows each set is cut to by default: the energy distance and the MMD are O(n²), so 10⁵ rows
/// take minutes and 10⁷ would take days; 20 000 rows take seconds.
constexpr long long kDefaultMaxRows = 20000;

/// A seeded random subset of `maxRows` rows of `points` (all of them when it has no more).
core::Points subsample(const core::Points& points, Eigen::Index maxRows, std::uint64_t seed) {
    if (points.rows() <= maxRows) return points;
    std::vector<Eigen::Index> order(static_cast<std::size_t>(points.rows()));
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<Eigen::Index>(i);
    std::mt19937_64 rng(seed);
    // Partial Fisher–Yates: the first maxRows entries are a uniform sample without replacement.
    for (Eigen::Index i = 0; i < maxRows; ++i) {
        std::uniform_int_distribution<Eigen::Index> pick(i, points.rows() - 1);
        std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(pick(rng))]);
    }
    core::Points out(maxRows, points.cols());
    for (Eigen::Index i = 0; i < maxRows; ++i) out.row(i) = points.row(order[static_cast<std::size_t>(i)]);
    return out;
}

}  // namespace

int runMetrics(const std::vector<std::string>& tokens) {
    const std::vector<OptionSpec> specs = {
        {"a", "FILE.csv", "first sample set (CSV with header)"},
        {"b", "FILE.csv", "second sample set (same columns)"},
        {"projections", "P", "directions for sliced W2 (default 128)"},
        {"bandwidth", "S", "MMD Gaussian kernel σ; 0 = median heuristic (default 0)"},
        {"seed", "N", "seed of the sliced-W2 directions (default 0)"},
        {"threads", "T", "worker threads, 0 = all cores (default 0)"},
        {"max-rows", "N", "use a seeded random subset of N rows of a larger set; 0 = every row, exact "
                          "(default 20000: the distances are O(n²))"},
    };
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli metrics --a FILE.csv --b FILE.csv",
                                "Prints the energy distance (unbiased), the sliced Wasserstein-2 distance and the\n"
                                "squared MMD (Gaussian kernel, unbiased) between two sample sets as one CSV row.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    auto pa = args->required("a");
    if (!pa) return fail(pa.message());
    auto pb = args->required("b");
    if (!pb) return fail(pb.message());
    core::DistanceOptions o;
    auto proj = args->integer("projections", 128, 1, 100000);
    if (!proj) return fail(proj.message());
    o.slicedProjections = static_cast<int>(*proj);
    auto bw = args->number("bandwidth", 0.0, 0.0, 1e12);
    if (!bw) return fail(bw.message());
    o.mmdBandwidth = *bw;
    auto seed = args->integer("seed", 0, 0, 1LL << 62);
    if (!seed) return fail(seed.message());
    o.seed = static_cast<std::uint64_t>(*seed);
    auto threads = args->integer("threads", 0, 0, 1024);
    if (!threads) return fail(threads.message());
    o.threads = static_cast<int>(*threads);
    auto maxRows = args->integer("max-rows", kDefaultMaxRows, 0, 1LL << 40);
    if (!maxRows) return fail(maxRows.message());

    auto a = core::readCsvFile(*pa);
    if (!a) return fail(a.message());
    auto b = core::readCsvFile(*pb);
    if (!b) return fail(b.message());
    if (a->header != b->header) return fail("--a and --b have different columns");
    for (const auto& [path, set] : {std::pair{*pa, &a->values}, std::pair{*pb, &b->values}}) {
        if (auto p = core::checkSaneRange(*set, path + ": the points"); !p.empty()) return fail(p);
    }
    core::Points setA = std::move(a->values), setB = std::move(b->values);
    if (*maxRows > 0) {
        for (auto& [name, set] : {std::pair{std::string("--a"), &setA}, std::pair{std::string("--b"), &setB}}) {
            if (set->rows() <= *maxRows) continue;
            std::cerr << "flowlab-cli: metrics: " << name << " has " << set->rows() << " rows; using a random subset of "
                      << *maxRows << " (seed " << o.seed << "; --max-rows 0 for the exact value on every row)"
                      << std::endl;
            *set = subsample(*set, static_cast<Eigen::Index>(*maxRows), o.seed + (name == "--a" ? 0 : 1));
        }
    }
    // The O(n²) terms of large sets take a while: one line before each.
    const bool large = setA.rows() * setB.rows() > kDefaultMaxRows * kDefaultMaxRows;
    auto stage = [&](const char* what) {
        if (large) std::cerr << "flowlab-cli: metrics: " << what << " (" << setA.rows() << " × " << setB.rows() << " rows)…" << std::endl;
    };
    stage("energy distance");
    auto e = core::energyDistance(setA, setB, o);
    if (!e) return fail(e.message());
    stage("sliced W2");
    auto w = core::slicedWasserstein2(setA, setB, o);
    if (!w) return fail(w.message());
    stage("MMD");
    auto m = core::mmdSquared(setA, setB, o);
    if (!m) return fail(m.message());
    if (!std::isfinite(*e) || !std::isfinite(*w) || !std::isfinite(*m))
        return fail("the distances are not finite for these sample sets");
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.17g,%.17g,%.17g\n", *e, *w, *m);
    // emit() flushes and checks the stream: `metrics > /dev/full` must not exit 0.
    return emit(std::string("energy_distance,sliced_w2,mmd2\n") + buf, "");
}

}  // namespace flowlab::cli
