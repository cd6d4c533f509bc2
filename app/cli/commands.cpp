#include "commands.hpp"

#include <iostream>

#include "io/file_io.hpp"

namespace flowlab::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"field", "evaluate the exact field b, s, η, log ρ_t or ∇·b at points", runField},
        {"sample", "draw samples by integrating the ODE or an SDE", runSample},
        {"nll", "log-likelihood of points by the probability-flow ODE", runNll},
        {"metrics", "energy distance, sliced W2 and MMD between two sample sets", runMetrics},
        {"train", "train a network for b, s, η or v and save the model", runTrain},
        {"render", "render the animation as MP4, WebM, GIF or PNG frames, offscreen", runRender},
        {"bench", "benchmarks that print figures (bench train: training throughput)", runBench},
    };
    return list;
}

int fail(const std::string& message) {
    std::cerr << "flowlab-cli: error: " << message << std::endl;
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

}  // namespace flowlab::cli
