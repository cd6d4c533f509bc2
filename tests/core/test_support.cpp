#include "test_support.hpp"

#include <cstdlib>
#include <iostream>

#include "density/presets.hpp"

namespace flowlab::test {

core::GaussianMixture preset(const std::string& name) {
    auto m = core::makePreset(name);
    if (!m) {
        std::cerr << m.message() << "\n";
        std::abort();
    }
    return std::move(m).value();
}

core::ExactField exactField(const std::string& base, const std::string& target,
                            const core::InterpolantOptions& options, int threads) {
    auto interp = core::Interpolant::create(options);
    if (!interp) {
        std::cerr << interp.message() << "\n";
        std::abort();
    }
    core::ExactFieldOptions o;
    o.threads = threads;
    auto f = core::ExactField::create(preset(base), preset(target), *interp, o);
    if (!f) {
        std::cerr << f.message() << "\n";
        std::abort();
    }
    return std::move(f).value();
}

core::InterpolantOptions interpolantOptions(core::InterpolantFamily family, core::GammaKind gamma) {
    core::InterpolantOptions o;
    o.family = family;
    o.gamma = gamma;
    return o;
}

}  // namespace flowlab::test
