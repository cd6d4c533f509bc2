// flowlab-cli: FlowLab's headless front end. Links flowlab_core (and the offscreen renderer for
// render); needs no display.
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "commands.hpp"
#include "io/temp_files.hpp"
#include "train/threading.hpp"

namespace {

void printHelp() {
    std::cout << "Usage: flowlab-cli COMMAND [OPTIONS]\n\n"
                 "FlowLab's headless engine: exact fields, samplers, likelihoods and metrics for\n"
                 "flows and diffusions between Gaussian-mixture densities (t = 0 base, t = 1 target).\n\n"
                 "Commands:\n";
    for (const auto& c : flowlab::cli::commands()) {
        std::string name = "  " + c.name;
        name.resize(12, ' ');
        std::cout << name << c.summary << "\n";
    }
    std::cout << "\nRun 'flowlab-cli COMMAND --help' for a command's options.\n"
                 "Points are CSV with a header (x,y in 2D). Bad input exits with status 2.\n";
}

}  // namespace

int main(int argc, char** argv) {
    // Ctrl-C or a kill while an output is being written must not leave its temporary behind.
    flowlab::core::installTempFileCleanupOnSignals();
    // OpenBLAS's SSE3 fallback on CPUs newer than it knows runs GEMM 4× slower (train/threading).
    flowlab::core::selectBlasKernels();
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            printHelp();
            return args.empty() ? 2 : 0;
        }
        for (const auto& c : flowlab::cli::commands()) {
            if (c.name == args[0]) return c.run({args.begin() + 1, args.end()});
        }
        return flowlab::cli::fail("unknown command '" + args[0] + "' (see flowlab-cli --help)");
    } catch (const std::bad_alloc&) {
        return flowlab::cli::fail("out of memory: the machine cannot hold what this command needs (use smaller inputs, "
                                  "--batch, --width or --depth)");
    } catch (const std::exception& e) {
        return flowlab::cli::fail(std::string("internal error: ") + e.what());
    } catch (...) {
        return flowlab::cli::fail("internal error");
    }
}
