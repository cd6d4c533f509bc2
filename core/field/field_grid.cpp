#include "field/field_grid.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::core {

std::string GridSpec::validate() const {
    if (!std::isfinite(xMin) || !std::isfinite(xMax) || !std::isfinite(yMin) || !std::isfinite(yMax))
        return "grid bounds must be finite";
    if (!(xMin < xMax) || !(yMin < yMax)) return "grid bounds must satisfy xMin < xMax and yMin < yMax";
    if (nx < 1 || ny < 1 || nx > kMaxCells || ny > kMaxCells)
        return "grid sizes must be in [1, " + std::to_string(kMaxCells) + "]";
    return {};
}

Points gridPoints(const GridSpec& spec) {
    Points p(spec.count(), 2);
    const double w = spec.cellWidth(), h = spec.cellHeight();
    for (int j = 0; j < spec.ny; ++j) {
        const double y = spec.yMin + (j + 0.5) * h;
        for (int i = 0; i < spec.nx; ++i) {
            const Eigen::Index r = spec.index(i, j);
            p(r, 0) = spec.xMin + (i + 0.5) * w;
            p(r, 1) = y;
        }
    }
    return p;
}

Result<FieldGrid> evaluateOnGrid(const FieldSource& field, double t, const GridSpec& spec, unsigned what) {
    if (auto p = spec.validate(); !p.empty()) return Error{p};
    if (field.dim() != 2) return Error{"a field grid needs a 2D field (this one is " + std::to_string(field.dim()) + "D)"};
    if (!field.canProvide(what)) return Error{"the field source '" + field.label() + "' cannot provide the requested fields"};
    FieldGrid grid;
    grid.spec = spec;
    grid.t = t;
    if (Status st = field.evaluate(t, gridPoints(spec), what, grid.values); !st) return Error{st.message()};
    return grid;
}

Eigen::Vector2d sampleGridVector(const GridSpec& spec, const Points& v, double x, double y) {
    // Continuous cell coordinates with centres at integers.
    const double gx = std::clamp((x - spec.xMin) / spec.cellWidth() - 0.5, 0.0, double(spec.nx - 1));
    const double gy = std::clamp((y - spec.yMin) / spec.cellHeight() - 0.5, 0.0, double(spec.ny - 1));
    const int i0 = std::min(int(gx), spec.nx - 1), j0 = std::min(int(gy), spec.ny - 1);
    const int i1 = std::min(i0 + 1, spec.nx - 1), j1 = std::min(j0 + 1, spec.ny - 1);
    const double fx = gx - i0, fy = gy - j0;
    Eigen::Vector2d out;
    for (int c = 0; c < 2; ++c) {
        const double a = v(spec.index(i0, j0), c) * (1 - fx) + v(spec.index(i1, j0), c) * fx;
        const double b = v(spec.index(i0, j1), c) * (1 - fx) + v(spec.index(i1, j1), c) * fx;
        out[c] = a * (1 - fy) + b * fy;
    }
    return out;
}

}  // namespace flowlab::core
