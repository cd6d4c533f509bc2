#include "view/field_layers.hpp"

namespace flowlab::ui {
namespace {

bool sameLayout(const core::GridSpec& a, const core::GridSpec& b) {
    return a.nx == b.nx && a.ny == b.ny && a.xMin == b.xMin && a.xMax == b.xMax && a.yMin == b.yMin && a.yMax == b.yMax;
}

void mix(std::vector<float>& out, const std::vector<float>& a, const std::vector<float>& b, float w) {
    out.resize(a.size());
    const float v = 1.0f - w;
    for (std::size_t i = 0; i < a.size(); ++i) out[i] = v * a[i] + w * b[i];
}

}  // namespace

ScalarGrid blendGrids(const ScalarGrid& a, const ScalarGrid& b, float w) {
    if (!sameLayout(a.spec, b.spec) || a.values.size() != b.values.size()) return a;
    ScalarGrid g;
    g.spec = a.spec;
    mix(g.values, a.values, b.values, w);
    return g;
}

VectorGrid blendGrids(const VectorGrid& a, const VectorGrid& b, float w) {
    if (!sameLayout(a.spec, b.spec) || a.vx.size() != b.vx.size()) return a;
    VectorGrid g;
    g.spec = a.spec;
    mix(g.vx, a.vx, b.vx, w);
    mix(g.vy, a.vy, b.vy, w);
    return g;
}

}  // namespace flowlab::ui
