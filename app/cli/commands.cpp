#include "commands.hpp"
#include "images_commands.hpp"

#include <iostream>

#include "common/sane_range.hpp"
#include "io/csv.hpp"
#include "io/file_io.hpp"

namespace flowlab::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"field", "evaluate the exact field b, s, η, log ρ_t or ∇·b at points", runField},
        {"sample", "draw samples by integrating the ODE or an SDE", runSample},
        {"nll", "log-likelihood of points by the probability-flow ODE", runNll},
        {"metrics", "energy distance, sliced W2 and MMD between two sample sets", runMetrics},
        {"nfe-curve", "error of the end points against the number of field evaluations, per solver", runNfeCurve},
        {"train", "train a network for b, s, η or v and save the model", runTrain},
        {"learning-curve", "train b for several families on the same data: error vs exact and sample distance per step, as CSV", runLearningCurve},
        {"paths", "straightness and length of the ODE paths (exact or learned field)", runPaths},
        {"images", "flows and diffusions on image data sets: train, sample, nll, metrics, inpaint, interpolate", runImages},
        {"render", "render the animation as MP4, WebM, GIF or PNG frames, offscreen", runRender},
        {"bench", "benchmarks that print figures (bench train: training throughput)", runBench},
    };
    return list;
}

int fail(const std::string& message) {
    // One line: a torch error carries its C++ stack trace after the first line.
    std::cerr << "flowlab-cli: error: " << message.substr(0, message.find('\n')) << std::endl;
    return 2;
}

bool wantsHelp(const std::vector<std::string>& args) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") return true;
    return false;
}

int emit(const std::string& text, const std::string& path) {
    if (path.empty()) {
        std::cout << text;
        std::cout.flush();
        return std::cout ? 0 : fail("cannot write to standard output");
    }
    if (core::Status st = core::writeFileAtomic(path, text); !st) return fail(st.message());
    return 0;
}

core::Result<std::string> optionalOutPath(const std::optional<std::string>& value) {
    if (!value || *value == "-") return std::string();
    if (value->empty()) return core::Error{"option '--out' has an empty value (give a file, or - for standard output)"};
    return *value;
}

bool ProgressLines::operator()(double fraction) {
    if (!m_enabled) return true;
    const int tenth = static_cast<int>(fraction * 10.0 + 1e-9);
    if (tenth > m_shown && tenth <= 10) {
        m_shown = tenth;
        std::cerr << "flowlab-cli: " << m_what << ": " << tenth * 10 << "%" << std::endl;
    }
    return true;
}

int emitTable(const std::vector<std::string>& header, const core::Points& table, const std::string& path,
              const std::string& what) {
    for (Eigen::Index r = 0; r < table.rows(); ++r) {
        if (!table.row(r).allFinite()) {
            return fail(what + " is NaN or infinite at row " + std::to_string(r + 1) + " of " +
                        std::to_string(table.rows()) + "; nothing was written");
        }
    }
    return emit(core::formatCsv(header, table), path);
}

core::Result<core::Points> readInputPoints(const std::string& path, int dim) {
    auto points = core::readPointsCsv(path, dim);
    if (!points) return points.error();
    if (auto p = core::checkSaneRange(*points, (path == "-" ? std::string("stdin") : path) + ": the points"); !p.empty())
        return core::Error{p};
    return points;
}

}  // namespace flowlab::cli
