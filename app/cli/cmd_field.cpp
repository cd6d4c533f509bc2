#include <iostream>
#include <vector>

#include "commands.hpp"
#include "io/csv.hpp"
#include "io/message_text.hpp"
#include "scene_options.hpp"

namespace flowlab::cli {

int runField(const std::vector<std::string>& tokens) {
    std::vector<OptionSpec> specs = {
        {"t", "T", "time in [0, 1] (required)"},
        {"what", "FIELD", "b (velocity), s (score), eta (denoiser), logp (log ρ_t) or divb (∇·b)"},
        {"points", "FILE.csv", "points to evaluate at, CSV with header (x,y in 2D); - for stdin"},
        {"out", "FILE.csv", "write here (atomically) instead of standard output"},
    };
    appendOptionSpecs(specs, sceneOptionSpecs());
    appendOptionSpecs(specs, modelOptionSpecs());
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli field --t T --what b|s|eta|logp|divb --points FILE.csv [--out FILE.csv]",
                                "Prints the exact field at the points as CSV: a header (b_x,b_y / s_x,s_y /\n"
                                "eta_x,eta_y / logp / divb), then one row per point in input order, with full\n"
                                "double precision. Fields follow docs/maths.md §4 (posterior-weighted mixtures).",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    if (!args->has("t")) return fail("missing required option '--t'");
    auto t = args->number("t", 0.0, 0.0, 1.0);
    if (!t) return fail(t.message());
    auto what = args->required("what");
    if (!what) return fail(what.message());
    auto pointsPath = args->required("points");
    if (!pointsPath) return fail(pointsPath.message());
    auto out = optionalOutPath(args->value("out"));
    if (!out) return fail(out.message());

    unsigned kind = 0;
    std::string prefix;
    if (*what == "b") kind = core::kVelocity, prefix = "b";
    else if (*what == "s") kind = core::kScore, prefix = "s";
    else if (*what == "eta") kind = core::kDenoiser, prefix = "eta";
    else if (*what == "logp") kind = core::kLogDensity;
    else if (*what == "divb") kind = core::kDivergence;
    else return fail("--what: unknown field '" + core::shownToken(*what) + "' (known: b, s, eta, logp, divb)");

    auto scene = parseScene(*args);
    if (!scene) return fail(scene.message());
    auto field = makeFieldSource(*scene, *args, kind);
    if (!field) return fail(field.message());
    auto points = readInputPoints(*pointsPath, (*field)->dim());
    if (!points) return fail(points.message());

    core::FieldValues values;
    if (core::Status st = (*field)->evaluate(*t, *points, kind, values); !st) return fail(st.message());

    std::vector<std::string> header;
    core::Points table;
    if (kind == core::kLogDensity) {
        header = {"logp"};
        table = values.logDensity;
    } else if (kind == core::kDivergence) {
        header = {"divb"};
        table = values.divergence;
    } else {
        for (const auto& c : core::coordinateNames((*field)->dim())) header.push_back(prefix + "_" + c);
        table = kind == core::kVelocity ? values.velocity : kind == core::kScore ? values.score : values.denoiser;
    }
    return emitTable(header, table, *out, "the field '" + core::shownToken(*what) + "'");
}

}  // namespace flowlab::cli
