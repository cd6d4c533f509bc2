// How far a minibatch Sinkhorn coupling is from independent pairs and from exact OT, by dimension
// (issue 14: "in 784 dimensions sinkhorn:0.05 is close to independent" was said, not measured).
//
// For batches of fresh pairs drawn as training draws them (x0 ~ N(0, I), x1 a training image or a
// target sample), it pairs each batch three ways with the trainer's own core::BatchCoupling:
// independent (the draws as they come), ot (the exact assignment) and sinkhorn:REG for a range of
// REG (λ = REG · E‖x0 − x1‖², the trainer's scale), and prints per data set and REG
//   * the mean squared pair distance E‖x0 − x1‖² of the pairs,
//   * the excess of the pairs over OT as a fraction of independent's: (C − C_ot) / (C_ind − C_ot),
//     0 = as close as exact OT, 1 = no closer than independent pairs,
//   * the share of rows paired with the same image as exact OT pairs them with,
//   * for Sinkhorn, how many batches' plans reached the trainer's tolerance and in how many
//     iterations on average.
// Data: 2D (N(0, I) → moons), Fashion-MNIST at 14×14 (d = 196) and 28×28 (d = 784).
//
//   cmake --build build --target flowlab_bench_couplings && build/tests/bench/flowlab_bench_couplings [BATCH [BATCHES]]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/rng.hpp"
#include "density/presets.hpp"
#include "images/image_data.hpp"
#include "net/coupling_options.hpp"
#include "train/coupling.hpp"
#include "train/image_coupling.hpp"
#include "train/ot_assignment.hpp"
#include "train/sinkhorn.hpp"

namespace {

using namespace flowlab;

struct Batch {
    core::Points x0, x1;
};

/// One data set: a name, its dimension, the scale of λ and a way to draw a fresh batch.
struct DataSet {
    std::string name;
    int dim = 0;
    double meanCost = 0.0;
    std::vector<Batch> batches;
};

double meanPairCost(const core::Points& x0, const core::Points& x1, const std::vector<int>& partner) {
    double total = 0.0;
    for (Eigen::Index i = 0; i < x0.rows(); ++i) total += (x0.row(i) - x1.row(partner[std::size_t(i)])).squaredNorm();
    return total / double(x0.rows());
}

struct Row {
    double cost = 0.0;     // mean over batches of the mean pair cost
    double sameAsOt = 0.0; // share of rows with OT's partner
    int converged = -1;    // Sinkhorn: batches whose plan reached the trainer's tolerance
    double iterations = 0; // Sinkhorn: mean iterations per batch
};

void measure(const DataSet& data) {
    const std::vector<double> regs = {1.0, 0.1, 0.05, 0.01, 0.005, 0.002, 0.001, 0.0001};
    auto couplingOf = [&](const std::string& spec) {
        auto options = core::parseCoupling(spec);
        if (!options) {
            std::fprintf(stderr, "%s\n", options.message().c_str());
            std::exit(1);
        }
        auto c = core::BatchCoupling::create(*options, data.meanCost, nullptr, core::Points());
        if (!c) {
            std::fprintf(stderr, "%s\n", c.message().c_str());
            std::exit(1);
        }
        return *c;
    };
    const core::BatchCoupling ot = couplingOf("ot");
    std::vector<std::vector<int>> otPartners;
    Row independent, exact;
    const double n = double(data.batches.size());
    core::Rng rng(11);
    for (const Batch& b : data.batches) {
        std::vector<int> identity(std::size_t(b.x0.rows()));
        for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = int(i);
        independent.cost += meanPairCost(b.x0, b.x1, identity) / n;
        otPartners.push_back(ot.partnerRows(b.x0, b.x1, rng));
        exact.cost += meanPairCost(b.x0, b.x1, otPartners.back()) / n;
        for (std::size_t i = 0; i < identity.size(); ++i)
            independent.sameAsOt += (otPartners.back()[i] == int(i)) / (n * double(identity.size()));
    }
    exact.sameAsOt = 1.0;
    const double span = independent.cost - exact.cost;
    std::printf("\n%s (d = %d, batch %d, %zu batches; E|x0 - x1|^2 of the data = %.4g)\n", data.name.c_str(),
                data.dim, int(data.batches.front().x0.rows()), data.batches.size(), data.meanCost);
    std::printf("  %-30s %12s %15s %13s %18s\n", "coupling", "E|x0-x1|^2", "excess over OT", "OT's partner",
                "converged, its.");
    auto print = [&](const std::string& name, const Row& r) {
        std::printf("  %-30s %12.5g %15.3f %12.1f%%", name.c_str(), r.cost, (r.cost - exact.cost) / span,
                    100.0 * r.sameAsOt);
        if (r.converged >= 0) std::printf(" %11d/%zu %5.0f", r.converged, data.batches.size(), r.iterations);
        std::printf("\n");
    };
    print("independent", independent);
    for (double reg : regs) {
        char spec[64];
        std::snprintf(spec, sizeof spec, "sinkhorn:%g", reg);
        const core::BatchCoupling s = couplingOf(spec);
        Row row;
        row.converged = 0;
        for (std::size_t k = 0; k < data.batches.size(); ++k) {
            const Batch& b = data.batches[k];
            // The trainer's solve (core/train/coupling.cpp: tolerance 1e-4, 2000 iterations).
            core::SinkhornOptions so;
            so.epsilon = s.lambda();
            so.tolerance = 1e-4;
            so.maxIterations = 2000;
            const core::SinkhornPlan plan = core::solveSinkhorn(core::squaredDistanceCost(b.x0, b.x1), so);
            row.converged += plan.converged ? 1 : 0;
            row.iterations += plan.iterations / n;
            const std::vector<int> partner = s.partnerRows(b.x0, b.x1, rng);
            row.cost += meanPairCost(b.x0, b.x1, partner) / n;
            for (std::size_t i = 0; i < partner.size(); ++i)
                row.sameAsOt += (partner[i] == otPartners[k][i]) / (n * double(partner.size()));
        }
        char label[64];
        std::snprintf(label, sizeof label, "%s (l=%.3g)", spec, s.lambda());
        print(label, row);
    }
    print("ot", exact);
}

DataSet twoD(int batch, int batches) {
    DataSet d;
    d.name = "2D: N(0, I) -> moons";
    d.dim = 2;
    auto moons = core::makePreset("moons");
    if (!moons) {
        std::fprintf(stderr, "%s\n", moons.message().c_str());
        std::exit(1);
    }
    core::Rng rng(5);
    double cost = 0.0;
    for (int k = 0; k < batches; ++k) {
        Batch b{rng.normal(batch, 2), moons->sample(batch, rng)};
        cost += (b.x0 - b.x1).rowwise().squaredNorm().mean() / batches;
        d.batches.push_back(std::move(b));
    }
    // The scene's scale: E|x0 - x1|^2 of independent draws, here from the batches themselves.
    d.meanCost = cost;
    return d;
}

DataSet images(int size, int batch, int batches) {
    core::ImageDataOptions o;
    o.spec = "fashion-mnist";
    o.size = size;
    auto splits = core::loadImageData(o);
    if (!splits) {
        std::fprintf(stderr, "%s\n", splits.message().c_str());
        std::exit(1);
    }
    DataSet d;
    d.name = "Fashion-MNIST " + std::to_string(size) + "x" + std::to_string(size);
    d.dim = splits->train.dim();
    d.meanCost = core::meanIndependentCost(splits->train, false);
    auto sampler = core::ImagePairSampler::create(core::CouplingOptions{}, splits->train, false, false, 1);
    if (!sampler) {
        std::fprintf(stderr, "%s\n", sampler.message().c_str());
        std::exit(1);
    }
    core::Rng rng(6);
    for (int k = 0; k < batches; ++k) {
        core::ImagePairs pairs;
        sampler->drawIndependent(splits->train, batch, rng, pairs);
        d.batches.push_back(Batch{std::move(pairs.x0), std::move(pairs.x1)});
    }
    return d;
}

}  // namespace

int main(int argc, char** argv) {
    const int batch = argc > 1 ? std::atoi(argv[1]) : 256;
    const int batches = argc > 2 ? std::atoi(argv[2]) : 8;
    if (batch < 2 || batch > core::CouplingOptions::kMaxOtBatch || batches < 1) {
        std::fprintf(stderr, "usage: flowlab_bench_couplings [BATCH in [2, 512] [BATCHES >= 1]]\n");
        return 2;
    }
    measure(twoD(batch, batches));
    measure(images(14, batch, batches));
    measure(images(28, batch, batches));
    return 0;
}
