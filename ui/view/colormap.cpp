#include "view/colormap.hpp"

#include <algorithm>
#include <vector>

namespace flowlab::ui {

ColorLut makeLut(std::initializer_list<std::pair<double, QColor>> stops) {
    const std::vector<std::pair<double, QColor>> s(stops);
    ColorLut lut{};
    for (int i = 0; i < 256; ++i) {
        const double u = i / 255.0;
        std::size_t k = 1;
        while (k + 1 < s.size() && s[k].first < u) ++k;
        const auto& [p0, c0] = s[k - 1];
        const auto& [p1, c1] = s[k];
        const double f = p1 > p0 ? std::clamp((u - p0) / (p1 - p0), 0.0, 1.0) : 1.0;
        const auto mix = [f](int a, int b) { return int(a + (b - a) * f + 0.5); };
        lut[std::size_t(i)] = qRgb(mix(c0.red(), c1.red()), mix(c0.green(), c1.green()), mix(c0.blue(), c1.blue()));
    }
    return lut;
}

}  // namespace flowlab::ui
