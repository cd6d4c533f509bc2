#include "images/shapes_dataset.hpp"

#include <algorithm>
#include <cmath>

#include "common/rng.hpp"

namespace flowlab::core {
namespace {

enum class Shape { Disc, Square, Ring, Bar };

struct ShapeParams {
    Shape shape;
    double cx, cy;    ///< centre, in pixels
    double r;         ///< radius / half side / half length
    double thickness; ///< ring width, bar half width
    bool vertical;
};

bool inside(const ShapeParams& p, double x, double y) {
    const double dx = x - p.cx, dy = y - p.cy;
    switch (p.shape) {
        case Shape::Disc: return dx * dx + dy * dy <= p.r * p.r;
        case Shape::Square: return std::abs(dx) <= p.r && std::abs(dy) <= p.r;
        case Shape::Ring: {
            const double d = std::sqrt(dx * dx + dy * dy);
            return d <= p.r && d >= p.r - p.thickness;
        }
        case Shape::Bar: {
            const double along = p.vertical ? dy : dx, across = p.vertical ? dx : dy;
            return std::abs(along) <= p.r && std::abs(across) <= p.thickness;
        }
    }
    return false;
}

}  // namespace

const std::vector<std::string>& shapeClassNames() {
    static const std::vector<std::string> names = {"disc", "square", "ring", "bar"};
    return names;
}

ByteImages generateShapes(int count, int side, std::uint64_t seed) {
    constexpr int kSuper = 4;
    ByteImages out;
    out.height = side;
    out.width = side;
    out.values.assign(static_cast<std::size_t>(std::max(count, 0)) * side * side, 0);
    out.labels.resize(static_cast<std::size_t>(std::max(count, 0)));
    Rng rng(seed ^ 0x5ba9e5u);
    const double s = side;
    for (int i = 0; i < count; ++i) {
        ShapeParams p{};
        p.shape = static_cast<Shape>(i % 4);
        p.r = s * (0.15 + 0.2 * rng.uniform());
        // Keep the shape inside the frame: the centre moves within [r, side − r] (plus a margin).
        const double lo = p.r + 0.5, hi = s - p.r - 0.5;
        p.cx = lo + (hi - lo) * rng.uniform();
        p.cy = lo + (hi - lo) * rng.uniform();
        p.thickness = p.shape == Shape::Ring ? std::max(1.0, p.r * (0.3 + 0.2 * rng.uniform()))
                                             : std::max(0.75, p.r * (0.2 + 0.15 * rng.uniform()));
        p.vertical = rng.uniform() < 0.5;
        const double brightness = 0.6 + 0.4 * rng.uniform();
        std::uint8_t* img = out.values.data() + static_cast<std::size_t>(i) * side * side;
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x) {
                int hits = 0;
                for (int sy = 0; sy < kSuper; ++sy)
                    for (int sx = 0; sx < kSuper; ++sx)
                        hits += inside(p, x + (sx + 0.5) / kSuper, y + (sy + 0.5) / kSuper);
                const double v = brightness * hits / (kSuper * kSuper);
                img[static_cast<std::size_t>(y) * side + x] = static_cast<std::uint8_t>(std::lround(255.0 * v));
            }
        out.labels[static_cast<std::size_t>(i)] = static_cast<int>(p.shape);
    }
    return out;
}

}  // namespace flowlab::core
