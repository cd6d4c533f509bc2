// The teaching probes: the drawing carries the exact posterior (weights summing to 1, b equal to
// the field's b, the weighted conditional velocities adding up to b), the View menu turns them on,
// and the plane shows them at the pin.
#include <QtTest>

#include <QAction>
#include <QTemporaryDir>
#include <numeric>

#include "density/presets.hpp"
#include "export/video_render.hpp"
#include "main/explorer_controller.hpp"
#include "state/offscreen_scene.hpp"
#include "state/probe_builder.hpp"
#include "timeline/animation_clock.hpp"
#include "view/frame_renderer.hpp"
#include "window_test_support.hpp"

using namespace flowlab;
using namespace flowlab::ui;

namespace {

constexpr int kReadyTimeoutMs = 60000;

std::shared_ptr<const core::ExactField> field(core::InterpolantFamily family, core::GammaKind gamma) {
    core::InterpolantOptions o;
    o.family = family;
    o.gamma = gamma;
    auto target = core::makePreset("8gaussians");
    auto f = core::ExactField::create(core::GaussianMixture::isotropic(2), *target, *core::Interpolant::create(o));
    return f ? std::make_shared<const core::ExactField>(std::move(*f)) : nullptr;
}

QPointF velocityAt(const core::ExactField& f, QPointF x, double t) {
    core::Points p(1, 2);
    p << x.x(), x.y();
    core::FieldValues v;
    if (!f.evaluate(t, p, core::kVelocity, v)) return {};
    return {v.velocity(0, 0), v.velocity(0, 1)};
}

double distance(QPointF a, QPointF b) { return std::hypot(a.x() - b.x(), a.y() - b.y()); }

std::shared_ptr<const core::ExactField> fieldTo(const core::GaussianMixture& target, core::InterpolantOptions o) {
    auto f = core::ExactField::create(core::GaussianMixture::isotropic(2), target, *core::Interpolant::create(o));
    return f ? std::make_shared<const core::ExactField>(std::move(*f)) : nullptr;
}

/// u_t(x | x1) of x_t = α x0 + β x1 + γ z with x0, z ~ N(0, I) independent: given x_t = x and x1,
/// E[α x0 + γ z | ·] = x − β x1 splits between x0 and z in proportion α² : γ², so
/// u = β̇ x1 + (α α̇ + γ γ̇) / (α² + γ²) (x − β x1).
QPointF closedFormConditional(const core::Interpolant& in, double t, QPointF x, QPointF x1) {
    const core::InterpolantCoeffs c = in.coeffs(t);
    const double k = (c.alphaAlphaDot + c.gammaGammaDot) / (c.alpha * c.alpha + c.gamma * c.gamma);
    return c.betaDot * x1 + k * (x - c.beta * x1);
}

/// 1e-9 relative: both sides are a few products of O(1) numbers, the probe's through a 2×2 solve.
constexpr double kClosedFormTol = 1e-9;

}  // namespace

class ProbeTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void posterior_isTheExactField() {
        for (auto gamma : {core::GammaKind::Zero, core::GammaKind::Brownian}) {
            const auto f = field(core::InterpolantFamily::Linear, gamma);
            QVERIFY(f);
            ProbeBuilder b;
            b.setMode(ProbeMode::Posterior);
            const QPointF x(1.5, -0.4);
            const auto d = b.build(f, x, 0.6, QRectF(-6, -4, 12, 8));
            QVERIFY(d);
            QCOMPARE(int(d->weights.size()), 8);
            QVERIFY(std::abs(std::accumulate(d->weights.begin(), d->weights.end(), 0.0) - 1.0) < 1e-12);
            QVERIFY(distance(d->velocity, velocityAt(*f, x, 0.6)) < 1e-12);
            // Head to tail, the three terms reach b.
            QVERIFY(distance(d->termX0 + d->termX1 + d->termZ, d->velocity) < 1e-12);
            QVERIFY(d->component < 0 && d->gridPoints.empty());
        }
    }

    void conditional_averagesToTheMarginal() {
        const auto f = field(core::InterpolantFamily::Trig, core::GammaKind::SineSquared);
        ProbeBuilder b;
        b.setMode(ProbeMode::Conditional);
        const QPointF x(0.3, 2.1);
        const auto d = b.build(f, x, 0.7, QRectF(-6, -4, 12, 8));
        QVERIFY(d);
        // Default x1: the most probable component.
        const auto best = std::max_element(d->weights.begin(), d->weights.end()) - d->weights.begin();
        QCOMPARE(d->component, int(best));
        QCOMPARE(int(d->gridPoints.size()), 16 * 12);
        QVERIFY(!d->conditionalPath.empty());
        // The path ends on the component's mean.
        QVERIFY(distance(d->conditionalPath.back(), d->componentMeans[std::size_t(d->component)]) < 1e-9);
        // The shown contributions are the largest terms of b = Σ p(j|x) u(x|j): at this point
        // they carry nearly all the weight, so they add up to b closely.
        QPointF sum;
        for (const QPointF& c : d->contributions) sum += c;
        QVERIFY2(distance(sum, d->velocity) < 1e-3 * (1 + std::hypot(d->velocity.x(), d->velocity.y())),
                 qPrintable(QStringLiteral("%1 vs %2").arg(sum.x()).arg(d->velocity.x())));
        // Shift+click picks another component.
        b.setComponent(ProbeBuilder::nearestComponent(*f, QPointF(-4, 0)));
        const auto other = b.build(f, x, 0.7, QRectF(-6, -4, 12, 8));
        QCOMPARE(other->component, 4);  // 8gaussians: component 4 sits at (−4, 0)
        QVERIFY(distance(other->conditionalVelocity, d->conditionalVelocity) > 0.1);
    }

    void conditionalPoint_isTheInterpolantsClosedForm_liveInT() {
        const QPointF x(0.8, -1.1), x1(2.5, 1.5);
        const QRectF world(-6, -4, 12, 8);
        // FM-OT (Lipman et al.): ψ_t(x0 | x1) = (1 − (1 − σ_min) t) x0 + t x1, so
        // u_t(x | x1) = (x1 − (1 − σ_min) x) / (1 − (1 − σ_min) t), and the path through x at t
        // starts at x0 = (x − t x1) / (1 − (1 − σ_min) t).
        core::InterpolantOptions fm;
        fm.family = core::InterpolantFamily::FmOt;
        fm.gamma = core::GammaKind::Zero;
        const auto f = fieldTo(*core::makePreset("8gaussians"), fm);
        QVERIFY(f);
        ProbeBuilder b;
        b.setMode(ProbeMode::Conditional);
        b.setTargetPoint(x1);
        const double sigma = fm.sigmaMin;
        QPointF previous;
        for (double t : {0.25, 0.5, 0.75}) {
            const auto d = b.build(f, x, t, world);
            QVERIFY(d && d->targetPoint && *d->targetPoint == x1);
            QCOMPARE(d->component, -1);
            const double a = 1 - (1 - sigma) * t;
            const QPointF u = (x1 - (1 - sigma) * x) / a;
            QVERIFY2(distance(d->conditionalVelocity, u) < kClosedFormTol * (1 + std::hypot(u.x(), u.y())),
                     qPrintable(QStringLiteral("t %1: %2,%3 vs %4,%5").arg(t).arg(d->conditionalVelocity.x())
                                    .arg(d->conditionalVelocity.y()).arg(u.x()).arg(u.y())));
            // The field beside b is u_t(· | x1) everywhere on the grid.
            QCOMPARE(int(d->gridPoints.size()), 16 * 12);
            for (std::size_t i = 0; i < d->gridPoints.size(); ++i) {
                const QPointF g = (x1 - (1 - sigma) * d->gridPoints[i]) / a;
                QVERIFY(distance(d->gridVectors[i], g) < kClosedFormTol * (1 + std::hypot(g.x(), g.y())));
            }
            // The conditional path: from x0, through the probed point at s = t, to x1 + σ_min x0.
            const QPointF x0 = (x - t * x1) / a;
            QVERIFY(distance(d->conditionalPath.front(), x0) < 1e-9);
            QVERIFY(distance(d->conditionalPath.back(), x1 + sigma * x0) < 1e-9);
            QVERIFY(distance(d->conditionalPath[std::size_t(std::lround(t * 48))], x) < 1e-9);
            // Live as t moves.
            if (t > 0.25) QVERIFY(distance(d->conditionalVelocity, previous) > 1e-3);
            previous = d->conditionalVelocity;
        }
        // With the latent z (linear, Brownian γ): the closed form that splits x − β x1 between
        // x0 and z; at every grid point too.
        core::InterpolantOptions lin;
        lin.family = core::InterpolantFamily::Linear;
        lin.gamma = core::GammaKind::Brownian;
        const auto g = fieldTo(*core::makePreset("8gaussians"), lin);
        QVERIFY(g);
        for (double t : {0.25, 0.625}) {  // on the path's samples (s = i / 48)
            const auto d = b.build(g, x, t, world);
            QVERIFY(d);
            const QPointF u = closedFormConditional(g->interpolant(), t, x, x1);
            QVERIFY(distance(d->conditionalVelocity, u) < kClosedFormTol * (1 + std::hypot(u.x(), u.y())));
            for (std::size_t i = 0; i < d->gridPoints.size(); ++i) {
                const QPointF w = closedFormConditional(g->interpolant(), t, d->gridPoints[i], x1);
                QVERIFY(distance(d->gridVectors[i], w) < kClosedFormTol * (1 + std::hypot(w.x(), w.y())));
            }
            QVERIFY(distance(d->conditionalPath[std::size_t(std::lround(t * 48))], x) < 1e-9);
        }
        // Back to the component: the point is dropped.
        b.setTargetPoint(std::nullopt);
        const auto byComponent = b.build(g, x, 0.6, world);
        QVERIFY(byComponent && !byComponent->targetPoint && byComponent->component >= 0);
    }

    void pointConditionals_averageToTheMarginal() {
        // A target of point masses: p(x1 | x_t) is the weights on them, so the flow-matching
        // theorem b(t, x) = E[u_t(x | x1) | x_t = x] is a finite sum of the probe's u_t(x | x1).
        std::vector<core::GaussianComponent> masses;
        const double at[3][2] = {{1.0, 0.5}, {-0.5, 1.0}, {0.3, -0.8}};
        for (int j = 0; j < 3; ++j) {
            core::GaussianComponent c;
            c.weight = 1.0 + j;
            c.mean = core::Vector(2);
            c.mean << at[j][0], at[j][1];
            c.cov = core::Matrix::Zero(2, 2);
            masses.push_back(c);
        }
        const auto target = core::GaussianMixture::create(2, masses);
        QVERIFY(target.ok());
        for (auto gamma : {core::GammaKind::Zero, core::GammaKind::Brownian}) {
            core::InterpolantOptions o;
            o.family = core::InterpolantFamily::Trig;
            o.gamma = gamma;
            const auto f = fieldTo(*target, o);
            QVERIFY(f);
            for (double t : {0.3, 0.7}) {
                const QPointF x(0.2, 0.3);
                ProbeBuilder b;
                b.setMode(ProbeMode::Conditional);
                QPointF average;
                std::vector<double> weights;
                for (int j = 0; j < 3; ++j) {
                    b.setTargetPoint(QPointF(at[j][0], at[j][1]));
                    const auto d = b.build(f, x, t, QRectF(-6, -4, 12, 8));
                    QVERIFY(d);
                    weights = d->weights;
                    average += d->weights[std::size_t(j)] * d->conditionalVelocity;
                }
                const QPointF bx = velocityAt(*f, x, t);
                QVERIFY2(distance(average, bx) < 1e-9 * (1 + std::hypot(bx.x(), bx.y())),
                         qPrintable(QStringLiteral("%1,%2 vs %3,%4").arg(average.x()).arg(average.y()).arg(bx.x()).arg(bx.y())));
                QVERIFY(*std::min_element(weights.begin(), weights.end()) > 1e-3);  // every term counts
            }
        }
    }

    void export_drawsTheProbeAtThePin() {
        // Video export and PNG stills draw from OffscreenScene: the probe is there when asked for.
        ExplorerSettings s;
        s.scene.particles = 300;
        OffscreenScene::Options o;
        o.size = QSize(480, 270);
        o.fieldTimes = {0.5};
        o.pin = QPointF(1.2, 0.8);
        o.pinT = 0.5;
        auto plain = OffscreenScene::create(s, o);
        QVERIFY2(plain.ok(), plain.ok() ? "" : plain.message().c_str());
        QVERIFY(!(*plain)->frameAt(0.6).probe);
        o.probe = ProbeMode::Conditional;
        o.probeComponent = 2;
        auto probed = OffscreenScene::create(s, o);
        QVERIFY(probed.ok());
        const auto d = (*probed)->frameAt(0.6).probe;
        QVERIFY(d);
        QCOMPARE(d->component, 2);
        QCOMPARE(d->x, QPointF(1.2, 0.8));
        QCOMPARE(d->t, 0.6);
        const auto f = field(core::InterpolantFamily::Linear, core::GammaKind::Zero);  // the default scene's
        QVERIFY(distance(d->velocity, velocityAt(*f, d->x, 0.6)) < 1e-9);
        // And the picture shows it.
        FrameRenderer r;
        const QImage without = r.renderImage(o.size, (*plain)->frameAt(0.6));
        const QImage with = r.renderImage(o.size, (*probed)->frameAt(0.6));
        QVERIFY(test::differingPixels(without, with) > 1000);
        // Through the exporter (a PNG still): the options' pin and probe reach the picture.
        VideoRenderOptions vo;
        vo.size = o.size;
        vo.stillT = 0.6;
        vo.pin = o.pin;
        vo.pinT = o.pinT;
        const QString stillPlain = m_dir.filePath(QStringLiteral("plain.png")), stillProbe = m_dir.filePath(QStringLiteral("probe.png"));
        QVERIFY(renderVideo(s, vo, stillPlain.toStdString()).ok());
        vo.probe = ProbeMode::Conditional;
        vo.probeComponent = 2;
        QVERIFY(renderVideo(s, vo, stillProbe.toStdString()).ok());
        const QImage a(stillPlain), b(stillProbe);
        QCOMPARE(a.size(), o.size);
        QVERIFY(test::differingPixels(a, b) > 1000);
    }

    void menu_turnsTheProbeOn_andThePlaneShowsIt() {
        MainWindow w(test::quietWindowOptions(m_dir.filePath(QStringLiteral("probe.ini"))));
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(w.clock().t()); }, kReadyTimeoutMs));
        auto* action = w.findChild<QAction*>(QStringLiteral("posteriorProbe"));
        QVERIFY(action && action->isCheckable() && !action->toolTip().isEmpty());
        const double t = 0.55;
        w.controller().pin(QPointF(1.0, 1.0), t);
        QVERIFY(QTest::qWaitFor([&] { return w.controller().isReady(w.clock().t()); }, kReadyTimeoutMs));
        QVERIFY(!w.controller().frameAt(t).probe);
        const QImage before = w.renderPlane(QSize(640, 400), t);
        action->trigger();
        QCOMPARE(w.controller().probeMode(), ProbeMode::Posterior);
        const auto probe = w.controller().frameAt(t).probe;
        QVERIFY(probe);
        QCOMPARE(probe->x, QPointF(1.0, 1.0));
        const QImage after = w.renderPlane(QSize(640, 400), t);
        QVERIFY(test::differingPixels(before, after) > 2000);
        // The two probes exclude each other.
        auto* conditional = w.findChild<QAction*>(QStringLiteral("conditionalProbe"));
        conditional->trigger();
        QVERIFY(!action->isChecked());
        QCOMPARE(w.controller().probeMode(), ProbeMode::Conditional);
        QVERIFY(w.controller().frameAt(t).probe->component >= 0);
        conditional->trigger();
        QCOMPARE(w.controller().probeMode(), ProbeMode::Off);

        // FLOWLAB_PROBE_SCREENSHOT=DIR writes the probes at 1920×1080 for a person to look at.
        const QString dir = qEnvironmentVariable("FLOWLAB_PROBE_SCREENSHOT");
        if (!dir.isEmpty()) {
            action->trigger();
            QVERIFY(w.renderPlane(QSize(1920, 1080), t).save(dir + QStringLiteral("/probe_posterior.png")));
            conditional->trigger();
            QVERIFY(w.renderPlane(QSize(1920, 1080), t).save(dir + QStringLiteral("/probe_conditional.png")));
        }
    }
};

QTEST_MAIN(ProbeTest)
#include "probe_test.moc"
