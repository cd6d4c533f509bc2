#include "train/image_coupling.hpp"

#include "field/unet_field.hpp"
#include "images/pixel_scale.hpp"
#include "train/image_trainer.hpp"

namespace flowlab::core {

namespace {

// Salt of the reflow pool's starts (the 2D pool uses its own).
constexpr std::uint64_t kPoolSalt = 0x1A6EF10Full;

}  // namespace

double meanIndependentCost(const ImageDataset& data, bool dequantize) {
    const int d = data.dim();
    const std::size_t n = data.size();
    double sumSquares = 0.0;
    for (std::size_t i = 0; i < n * static_cast<std::size_t>(d); ++i)
        sumSquares += static_cast<double>(data.pixels[i]) * data.pixels[i];
    const double dequantVariance = dequantize ? kPixelBinWidth * kPixelBinWidth / 12.0 : 0.0;
    return d * (1.0 + dequantVariance) + (n > 0 ? sumSquares / double(n) : 0.0);
}

Result<ImagePairSampler> ImagePairSampler::create(const CouplingOptions& options, const ImageDataset& data,
                                                  bool dequantize, bool conditional, std::uint64_t seed) {
    if (auto p = options.validate(); !p.empty()) return Error{p};
    if (options.kind != CouplingKind::Reflow) {
        auto coupling = BatchCoupling::create(options, meanIndependentCost(data, dequantize), nullptr, Points());
        if (!coupling) return coupling.error();
        return ImagePairSampler(std::move(*coupling), dequantize);
    }
    const std::string& path = options.reflowModel;
    if (conditional)
        return Error{"reflow: the generated pairs (x0, Φ_1(x0)) carry no class labels; train the reflow model "
                     "without classes"};
    auto parent = UNetField::load(path);
    if (!parent) return Error{"reflow: " + parent.message()};
    if (std::string why = imageDataMismatch(parent->info().data, data); !why.empty())
        return Error{"reflow: " + path + ": " + why};
    Rng rng(seed ^ kPoolSalt);
    Points starts = rng.normal(options.reflowPairs, data.dim());
    auto coupling = BatchCoupling::create(options, 0.0, &*parent, std::move(starts));
    if (!coupling) return coupling.error();
    return ImagePairSampler(std::move(*coupling), dequantize);
}

void ImagePairSampler::drawIndependent(const ImageDataset& data, int n, Rng& rng, ImagePairs& out) const {
    const int d = data.dim();
    out.x0.resize(n, d);
    out.x1.resize(n, d);
    out.labels.assign(static_cast<std::size_t>(n), 0);
    for (int i = 0; i < n; ++i) {
        const auto image = static_cast<std::size_t>(rng.index(data.size()));
        const float* src = data.image(image);
        if (data.hasLabels()) out.labels[static_cast<std::size_t>(i)] = data.labels[image];
        for (int k = 0; k < d; ++k) out.x0(i, k) = rng.normal();
        for (int k = 0; k < d; ++k)
            out.x1(i, k) = src[k] + (m_dequantize ? (rng.uniform() - 0.5) * kPixelBinWidth : 0.0);
    }
}

void ImagePairSampler::draw(const ImageDataset& data, int n, Rng& rng, ImagePairs& out) const {
    if (m_coupling.replacesDraws()) {
        out.x0.resize(n, data.dim());
        out.x1.resize(n, data.dim());
        out.labels.assign(static_cast<std::size_t>(n), -1);
        m_coupling.pair(out.x0, out.x1, rng);
        return;
    }
    drawIndependent(data, n, rng, out);
    if (!m_coupling.options().isCoupled()) return;
    const std::vector<int> partner = m_coupling.partnerRows(out.x0, out.x1, rng);
    const Points x1 = out.x1;
    const std::vector<int> labels = out.labels;
    for (int i = 0; i < n; ++i) {
        const auto j = partner[static_cast<std::size_t>(i)];
        out.x1.row(i) = x1.row(j);
        out.labels[static_cast<std::size_t>(i)] = labels[static_cast<std::size_t>(j)];
    }
}

}  // namespace flowlab::core
