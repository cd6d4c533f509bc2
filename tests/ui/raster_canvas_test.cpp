// RasterCanvas: lines and dots with absurd coordinates (±1e30, ±3e38, 1e300 → ∞, NaN) are clipped
// before rasterising: nothing is written outside the image (which crashed the trail drawing) and
// what is drawn lies on the true line.
#include <QImage>
#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

#include "view/raster_canvas.hpp"

using namespace flowlab::ui;

namespace {

constexpr int kW = 64, kH = 48;
constexpr QRgb kInk = 0xffffffffu;

/// Guard rows above and below the image inside one allocation, to see stray writes.
struct GuardedImage {
    static constexpr int kGuardRows = 64;
    std::vector<std::uint32_t> memory = std::vector<std::uint32_t>(std::size_t(kW) * (kH + 2 * kGuardRows), 0u);
    QImage image{reinterpret_cast<uchar*>(memory.data() + std::size_t(kW) * kGuardRows), kW, kH, kW * 4,
                 QImage::Format_ARGB32_Premultiplied};
    bool guardsClean() const {
        for (std::size_t i = 0; i < std::size_t(kW) * kGuardRows; ++i)
            if (memory[i] != 0u || memory[memory.size() - 1 - i] != 0u) return false;
        return true;
    }
    int painted() const {
        int n = 0;
        for (int y = 0; y < kH; ++y)
            for (int x = 0; x < kW; ++x) n += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
        return n;
    }
    /// Largest distance of a painted pixel centre from the line through (px, py) along (dx, dy).
    double worstDistance(double px, double py, double dx, double dy) const {
        const double len = std::hypot(dx, dy);
        double worst = 0.0;
        for (int y = 0; y < kH; ++y)
            for (int x = 0; x < kW; ++x)
                if (qAlpha(image.pixel(x, y)) > 0)
                    worst = std::max(worst, std::abs((x + 0.5 - px) * dy - (y + 0.5 - py) * dx) / len);
        return worst;
    }
    void clear() { image.fill(0u); }
};

const float kInf = std::numeric_limits<float>::infinity();
const float kNan = std::numeric_limits<float>::quiet_NaN();

}  // namespace

class RasterCanvasTest : public QObject {
    Q_OBJECT
private slots:
    void absurdLines_drawNothingOutsideAndNothingForNonFinite() {
        GuardedImage g;
        RasterCanvas canvas(g.image);
        // 1e300 reaches the canvas as a float: ∞.
        const float huge[] = {1e30f, -1e30f, 3e38f, -3e38f, float(1e300), float(-1e300), kInf, -kInf, kNan, 1e12f, -7e20f};
        for (const float a : huge) {
            for (const float b : huge) {
                canvas.drawLine(a, b, -b, a, kInk);
                canvas.drawThinLine(a, b, -b, a, kInk);
                canvas.drawLine(a, 20.0f, b, 20.0f, kInk);
                canvas.drawThinLine(30.0f, a, 30.0f, b, kInk);
            }
        }
        QVERIFY(g.guardsClean());
        g.clear();
        for (const float a : {kNan, kInf, -kInf}) {
            canvas.drawLine(a, 10.0f, 20.0f, 10.0f, kInk);
            canvas.drawThinLine(20.0f, 10.0f, 20.0f, a, kInk);
        }
        QCOMPARE(g.painted(), 0);
    }

    void fromInsideToFarAway_drawsTheTrueRayAndStaysInside() {
        // One end in the image, the other 1e12–3e38 pixels away in a random direction: float
        // clipping lost the far end's precision by more than the image size and wrote outside.
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> angle(0.0, 2.0 * M_PI), exponent(6.0, 38.4);
        for (int i = 0; i < 400; ++i) {
            const double a = angle(rng), r = std::pow(10.0, exponent(rng));
            const float x0 = 31.3f, y0 = 22.7f;
            const float x1 = float(x0 + r * std::cos(a)), y1 = float(y0 + r * std::sin(a));
            if (!std::isfinite(x1) || !std::isfinite(y1)) continue;
            for (const bool thin : {false, true}) {
                GuardedImage g;
                RasterCanvas canvas(g.image);
                thin ? canvas.drawThinLine(x1, y1, x0, y0, kInk) : canvas.drawLine(x1, y1, x0, y0, kInk);
                QVERIFY2(g.guardsClean(), qPrintable(QStringLiteral("r = %1, a = %2").arg(r).arg(a)));
                QVERIFY(g.painted() >= 10);  // the visible part of the ray is there
                QVERIFY2(g.worstDistance(x0, y0, std::cos(a), std::sin(a)) <= 1.5,
                         qPrintable(QStringLiteral("r = %1, a = %2").arg(r).arg(a)));
            }
        }
    }

    void throughTheImageBetweenTwoFarEnds_drawsTheVisiblePart() {
        GuardedImage g;
        RasterCanvas canvas(g.image);
        canvas.drawThinLine(-3e38f, 24.5f, 3e38f, 24.5f, kInk);
        QVERIFY(g.guardsClean());
        QVERIFY(g.painted() >= kW - 2);
        QVERIFY(g.worstDistance(0.0, 24.5, 1.0, 0.0) <= 1.0);
        g.clear();
        canvas.drawLine(10.5f, -1e30f, 10.5f, 1e30f, kInk);
        QVERIFY(g.guardsClean());
        QVERIFY(g.painted() >= kH - 2);
        QVERIFY(g.worstDistance(10.5, 0.0, 0.0, 1.0) <= 1.5);
    }

    void dotsAtAbsurdCentres_drawNothing() {
        GuardedImage g;
        RasterCanvas canvas(g.image);
        DotSprites sprites;
        sprites.prepare(3.0f);
        for (const float c : {1e30f, -1e30f, 3e38f, float(1e300), kInf, -kInf, kNan, 1e10f, -5e9f}) {
            for (const float d : {c, 20.0f}) {
                int x = 0, y = 0;
                const std::uint16_t* spans = nullptr;
                const std::uint8_t* mask = sprites.maskFor(c, d, x, y, spans);
                canvas.blendMaskSpans(x, y, mask, sprites.size(), spans, kInk);
                canvas.blendMask(x, y, mask, sprites.size(), kInk);
                mask = sprites.maskFor(d, c, x, y, spans);
                canvas.blendMaskSpans(x, y, mask, sprites.size(), spans, kInk);
            }
        }
        QVERIFY(g.guardsClean());
        QCOMPARE(g.painted(), 0);
        // A sane dot still draws.
        int x = 0, y = 0;
        const std::uint16_t* spans = nullptr;
        const std::uint8_t* mask = sprites.maskFor(30.0f, 20.0f, x, y, spans);
        canvas.blendMaskSpans(x, y, mask, sprites.size(), spans, kInk);
        QVERIFY(g.painted() > 10);
    }
};

QTEST_GUILESS_MAIN(RasterCanvasTest)
#include "raster_canvas_test.moc"
