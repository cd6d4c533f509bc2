#include "view/image_tracks.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::ui {
namespace {

inline uchar toByte(float v) {
    // [−1, 1] → 0 … 255, as core's unitToPixel; out-of-range noise saturates.
    const float b = (std::clamp(v, -1.0f, 1.0f) + 1.0f) * 127.5f;
    return uchar(std::lround(b));
}

}  // namespace

std::shared_ptr<const ImageTracks> ImageTracks::fromTrajectory(const std::vector<double>& times,
                                                               const std::vector<core::Points>& states, int rows,
                                                               int columns, int channels, int height, int width) {
    auto t = std::make_shared<ImageTracks>();
    t->rows = rows;
    t->columns = columns;
    t->channels = channels;
    t->height = height;
    t->width = width;
    t->times = times;
    t->states.reserve(states.size());
    for (const core::Points& s : states) {
        std::vector<float> v(std::size_t(s.size()));
        // Points are row-major: one image after the other, as the tiles want them.
        for (Eigen::Index i = 0; i < s.size(); ++i) v[std::size_t(i)] = float(s.data()[i]);
        t->states.push_back(std::move(v));
    }
    return t;
}

int ImageTracks::stateAt(double t) const {
    if (times.empty()) return -1;
    const auto it = std::lower_bound(times.begin(), times.end(), t);
    if (it == times.begin()) return 0;
    if (it == times.end()) return int(times.size()) - 1;
    const auto prev = it - 1;
    return int((t - *prev <= *it - t ? prev : it) - times.begin());
}

QImage ImageTracks::tile(int state, int sample) const {
    if (state < 0 || state >= int(states.size()) || sample < 0 || sample >= sampleCount()) return {};
    const float* px = states[std::size_t(state)].data() + std::size_t(sample) * std::size_t(dim());
    const int plane = height * width;
    if (channels == 1) {
        QImage img(width, height, QImage::Format_Grayscale8);
        for (int y = 0; y < height; ++y) {
            uchar* line = img.scanLine(y);
            for (int x = 0; x < width; ++x) line[x] = toByte(px[y * width + x]);
        }
        return img;
    }
    QImage img(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const int k = y * width + x;
            line[x] = qRgb(toByte(px[k]), toByte(px[plane + k]), toByte(px[2 * plane + k]));
        }
    }
    return img;
}

void ImageTracks::paintState(QImage& target, const ImageGridLayout& layout, int state) const {
    if (state < 0 || state >= int(states.size())) return;
    const QRect bounds(QPoint(0, 0), target.size());
    const int plane = height * width, k = layout.scale;
    for (int i = 0; i < sampleCount(); ++i) {
        const QRect r = layout.tileRect(i);
        if (!bounds.contains(r)) continue;
        const float* px = states[std::size_t(state)].data() + std::size_t(i) * std::size_t(dim());
        for (int y = 0; y < height; ++y) {
            auto* line = reinterpret_cast<QRgb*>(target.scanLine(r.y() + y * k)) + r.x();
            for (int x = 0; x < width; ++x) {
                const int j = y * width + x;
                const QRgb c = channels == 1 ? qRgb(toByte(px[j]), toByte(px[j]), toByte(px[j]))
                                             : qRgb(toByte(px[j]), toByte(px[plane + j]), toByte(px[2 * plane + j]));
                std::fill(line + x * k, line + (x + 1) * k, c);
            }
            // The other k − 1 lines of this image row are copies of the first.
            for (int dy = 1; dy < k; ++dy)
                std::copy(line, line + width * k, reinterpret_cast<QRgb*>(target.scanLine(r.y() + y * k + dy)) + r.x());
        }
    }
}

core::Points ImageTracks::sampleTrajectory(int sample) const {
    if (sample < 0 || sample >= sampleCount()) return {};
    core::Points out(Eigen::Index(states.size()), dim());
    for (std::size_t k = 0; k < states.size(); ++k) {
        const float* px = states[k].data() + std::size_t(sample) * std::size_t(dim());
        for (int j = 0; j < dim(); ++j) out(Eigen::Index(k), j) = double(px[j]);
    }
    return out;
}

ImageGridLayout ImageGridLayout::fit(const QRect& area, int rows, int columns, int imageHeight, int imageWidth) {
    ImageGridLayout l;
    l.rows = std::max(1, rows);
    l.columns = std::max(1, columns);
    l.tileWidth = std::max(1, imageWidth);
    l.tileHeight = std::max(1, imageHeight);
    // The gap is a fifth of a tile's pixel size at least 1 px; the largest integer scale that fits.
    const auto widthAt = [&](int s, int g) { return l.columns * l.tileWidth * s + (l.columns - 1) * g; };
    const auto heightAt = [&](int s, int g) { return l.rows * l.tileHeight * s + (l.rows - 1) * g; };
    int scale = 1;
    for (int s = 1; s < 256; ++s) {
        const int g = std::max(1, s * std::max(l.tileWidth, l.tileHeight) / 14);
        if (widthAt(s, g) > area.width() || heightAt(s, g) > area.height()) break;
        scale = s;
    }
    l.scale = scale;
    l.gap = std::max(1, scale * std::max(l.tileWidth, l.tileHeight) / 14);
    const int w = widthAt(l.scale, l.gap), h = heightAt(l.scale, l.gap);
    l.grid = QRect(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h);
    l.count = l.rows * l.columns;
    return l;
}

ImageGridLayout ImageGridLayout::fill(const QRect& area, int count, int imageHeight, int imageWidth) {
    const int n = std::max(1, count);
    ImageGridLayout best;
    for (int c = 1; c <= n; ++c) {
        const int r = (n + c - 1) / c;
        ImageGridLayout l = fit(area, r, c, imageHeight, imageWidth);
        l.count = n;
        const auto empty = [n](const ImageGridLayout& g) { return g.rows * g.columns - n; };
        const qint64 areaOf = qint64(l.grid.width()) * l.grid.height(), bestArea = qint64(best.grid.width()) * best.grid.height();
        if (best.rows == 0 || l.scale > best.scale || (l.scale == best.scale && empty(l) < empty(best)) ||
            (l.scale == best.scale && empty(l) == empty(best) && areaOf > bestArea))
            best = l;
    }
    return best;
}

QRect ImageGridLayout::tileRect(int sample) const {
    const int r = sample / columns, c = sample % columns;
    return QRect(grid.x() + c * (tileWidth * scale + gap), grid.y() + r * (tileHeight * scale + gap),
                 tileWidth * scale, tileHeight * scale);
}

int ImageGridLayout::sampleAt(QPoint pixel) const {
    if (!grid.contains(pixel)) return -1;
    const int c = (pixel.x() - grid.x()) / (tileWidth * scale + gap);
    const int r = (pixel.y() - grid.y()) / (tileHeight * scale + gap);
    if (r >= rows || c >= columns) return -1;
    const int i = r * columns + c;
    return i < count && tileRect(i).contains(pixel) ? i : -1;
}

QRect imageGridArea(QSize size, double textUnit, bool captionShown) {
    // Room for two caption lines above (or the t readout alone) and one notice line below, in the
    // overlay's font sizes.
    const int top = int(std::lround(textUnit * (captionShown ? 64 : 48))), bottom = int(std::lround(textUnit * 30));
    const int side = int(std::lround(textUnit * 16));
    return QRect(side, top, std::max(1, size.width() - 2 * side), std::max(1, size.height() - top - bottom));
}

}  // namespace flowlab::ui
