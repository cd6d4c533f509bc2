#include <cstdio>
#include <iostream>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "train/train_benchmark.hpp"

namespace flowlab::cli {

namespace {

int runBenchTrain(const std::vector<std::string>& tokens) {
    const std::vector<OptionSpec> specs = {
        {"width", "W", "units per hidden layer (default 256)"},
        {"depth", "D", "hidden layers (default 3)"},
        {"activation", "NAME", "silu, relu, tanh, gelu, softplus (default silu)"},
        {"batch", "B", "batch size (default 256)"},
        {"steps", "N", "timed steps (default 1000)"},
        {"warmup", "N", "untimed steps before (default 50)"},
        {"threads", "T", "parallel workers, each single-threaded in torch and BLAS; 0 = half the cores (default 0)"},
        {"max-seconds", "S", "end the timed steps early after S seconds; 0 = no limit (default 0)"},
        {"matmul-size", "N", "n of the n×n float32 matrix-multiply reference; 0 = skip (default 256)"},
    };
    if (wantsHelp(tokens)) {
        std::cout << formatHelp("flowlab-cli bench train [--width W --depth D --batch B --steps N --threads T]",
                                "Measures training throughput of the full loop (data, forward, backward, clipping,\n"
                                "Adam, EMA) on gaussian → 8gaussians with the linear interpolant and the velocity\n"
                                "objective, and prints steps/s, achieved GFLOP/s and the machine's matrix-multiply\n"
                                "rate. scripts/bench-train compares it with the same loop in plain PyTorch.",
                                specs);
        return 0;
    }
    auto args = Args::parse(tokens, specs);
    if (!args) return fail(args.message());
    core::TrainBenchmarkOptions o;
    auto width = args->integer("width", 256, 1, 4096);
    if (!width) return fail(width.message());
    auto depth = args->integer("depth", 3, 1, 32);
    if (!depth) return fail(depth.message());
    auto act = args->string("activation", "silu");
    if (!act) return fail(act.message());
    auto a = core::parseActivation(*act);
    if (!a) return fail("--activation: " + a.message());
    auto batch = args->integer("batch", 256, 1, 1000000);
    if (!batch) return fail(batch.message());
    auto steps = args->integer("steps", 1000, 1, 100000000);
    if (!steps) return fail(steps.message());
    auto warmup = args->integer("warmup", 50, 0, 100000000);
    if (!warmup) return fail(warmup.message());
    auto threads = args->integer("threads", 0, 0, 1024);
    if (!threads) return fail(threads.message());
    auto mm = args->integer("matmul-size", 256, 0, 8192);
    if (!mm) return fail(mm.message());
    o.network.width = static_cast<int>(*width);
    o.network.depth = static_cast<int>(*depth);
    o.network.activation = *a;
    o.batchSize = static_cast<int>(*batch);
    o.steps = static_cast<int>(*steps);
    o.warmupSteps = static_cast<int>(*warmup);
    o.workers = static_cast<int>(*threads);
    o.matmulSize = static_cast<int>(*mm);
    auto maxSeconds = args->number("max-seconds", 0.0, 0.0, 1e6);
    if (!maxSeconds) return fail(maxSeconds.message());
    o.maxSeconds = *maxSeconds;

    auto r = core::benchmarkTraining(o);
    if (!r) return fail(r.message());
    char line[512];
    std::printf("network      %s, 2D, batch %d, %lld parameters\n", o.network.describe().c_str(), o.batchSize,
                o.network.parameterCount());
    std::printf("threads      %s\n", r->threading.c_str());
    std::snprintf(line, sizeof line, "flowlab steps_per_s=%.2f gflops=%.2f flop_per_step=%.4g", r->stepsPerSecond,
                  r->gflops, r->flopsPerStep);
    std::printf("%s\n", line);
    if (o.matmulSize > 0)
        std::printf("matmul       %d×%d float32: %.2f GFLOP/s (training reaches %.0f%% of it)\n", o.matmulSize,
                    o.matmulSize, r->matmulGflops, 100.0 * r->gflops / r->matmulGflops);
    std::printf("final loss   %.5f\n", r->finalLoss);
    return 0;
}

}  // namespace

int runBench(const std::vector<std::string>& tokens) {
    if (tokens.empty() || tokens[0] == "--help" || tokens[0] == "-h") {
        std::cout << "Usage: flowlab-cli bench train [OPTIONS]\n\n"
                     "Benchmarks that print figures (they pass or fail nothing):\n"
                     "  train   training steps/s and GFLOP/s of the training loop\n";
        return tokens.empty() ? 2 : 0;
    }
    if (tokens[0] == "train") return runBenchTrain({tokens.begin() + 1, tokens.end()});
    return fail("bench: unknown benchmark '" + tokens[0] + "' (known: train)");
}

}  // namespace flowlab::cli
