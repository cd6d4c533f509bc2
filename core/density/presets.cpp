#include "density/presets.hpp"

#include <cmath>
#include <functional>
#include <map>

#include "io/message_text.hpp"

namespace flowlab::core {
namespace {

GaussianComponent iso2(double x, double y, double variance) {
    GaussianComponent c;
    c.weight = 1.0;
    c.mean = Vector(2);
    c.mean << x, y;
    c.cov = variance * Matrix::Identity(2, 2);
    return c;
}

GaussianMixture build(std::vector<GaussianComponent> comps) {
    return std::move(GaussianMixture::create(2, std::move(comps))).value();
}

GaussianMixture gaussian() { return GaussianMixture::isotropic(2, 1.0); }

GaussianMixture eightGaussians() {
    std::vector<GaussianComponent> c;
    for (int k = 0; k < 8; ++k) {
        const double a = 2.0 * M_PI * k / 8.0;
        c.push_back(iso2(4.0 * std::cos(a), 4.0 * std::sin(a), 0.25));
    }
    return build(std::move(c));
}

GaussianMixture twentyFiveGaussians() {
    std::vector<GaussianComponent> c;
    for (int i = -2; i <= 2; ++i)
        for (int j = -2; j <= 2; ++j) c.push_back(iso2(2.0 * i, 2.0 * j, 0.09));
    return build(std::move(c));
}

GaussianMixture moons() {
    std::vector<GaussianComponent> c;
    for (int n = 0; n < 64; ++n) {
        const double th = M_PI * (n + 0.5) / 64.0;
        c.push_back(iso2(2.0 * (std::cos(th) - 0.5), 2.0 * (std::sin(th) - 0.25), 0.0225));
    }
    for (int n = 0; n < 64; ++n) {
        const double th = M_PI * (n + 0.5) / 64.0;
        c.push_back(iso2(2.0 * (1.0 - std::cos(th) - 0.5), 2.0 * (0.5 - std::sin(th) - 0.25),
                         0.0225));
    }
    return build(std::move(c));
}

GaussianMixture checkerboard() {
    std::vector<GaussianComponent> c;
    for (int cx = -4; cx < 4; cx += 2) {
        for (int cy = -4; cy < 4; cy += 2) {
            const int parity = static_cast<int>(std::floor(cx / 2.0) + std::floor(cy / 2.0));
            if (parity % 2 != 0) continue;
            for (int i = 0; i < 8; ++i)
                for (int j = 0; j < 8; ++j)
                    c.push_back(iso2(cx + 0.125 + 0.25 * i, cy + 0.125 + 0.25 * j, 0.0225));
        }
    }
    return build(std::move(c));
}

GaussianMixture spirals() {
    std::vector<GaussianComponent> c;
    for (int a = 0; a < 2; ++a) {
        for (int n = 0; n < 128; ++n) {
            const double u = 3.0 * M_PI * (n + 0.5) / 128.0;
            const double r = 4.0 * u / (3.0 * M_PI) + 0.3;
            c.push_back(iso2(r * std::cos(u + M_PI * a), r * std::sin(u + M_PI * a), 0.04));
        }
    }
    return build(std::move(c));
}

GaussianMixture rings() {
    std::vector<GaussianComponent> c;
    const double radii[] = {1.5, 3.0, 4.5};
    const int counts[] = {32, 64, 96};
    for (int ring = 0; ring < 3; ++ring) {
        for (int k = 0; k < counts[ring]; ++k) {
            const double a = 2.0 * M_PI * k / counts[ring];
            c.push_back(iso2(radii[ring] * std::cos(a), radii[ring] * std::sin(a), 0.0225));
        }
    }
    return build(std::move(c));
}

struct Preset {
    std::string description;
    std::function<GaussianMixture()> make;
};

const std::map<std::string, Preset>& registry() {
    static const std::map<std::string, Preset> presets = {
        {"gaussian", {"standard normal N(0, I)", gaussian}},
        {"8gaussians", {"8 Gaussians on a circle of radius 4", eightGaussians}},
        {"25gaussians", {"5×5 grid of Gaussians on {−4,…,4}²", twentyFiveGaussians}},
        {"moons", {"two interleaved half moons (128 components)", moons}},
        {"checkerboard", {"8 dark cells of a 4×4 checkerboard (512 components)", checkerboard}},
        {"spirals", {"two spiral arms (256 components)", spirals}},
        {"rings", {"three concentric rings (192 components)", rings}},
    };
    return presets;
}

}  // namespace

const std::vector<std::string>& presetNames() {
    static const std::vector<std::string> names = {"gaussian", "8gaussians", "25gaussians", "moons",
                                                   "checkerboard", "spirals", "rings"};
    return names;
}

bool isPresetName(const std::string& name) {
    for (const auto& n : presetNames())
        if (n == name) return true;
    return false;
}

std::string presetDescription(const std::string& name) {
    const auto it = registry().find(name);
    return it == registry().end() ? std::string() : it->second.description;
}

Result<GaussianMixture> makePreset(const std::string& name) {
    const auto it = registry().find(name);
    if (it == registry().end()) {
        std::string list;
        for (const auto& n : presetNames()) list += (list.empty() ? "" : ", ") + n;
        return Error{"unknown preset density '" + shownToken(name) + "' (known: " + list + ")"};
    }
    return it->second.make();
}

}  // namespace flowlab::core
