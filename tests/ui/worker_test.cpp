// The three background workers of the explorer (simulation, field frames, pinned fan), driven
// directly through their queued signals: a newer request supersedes an older one and only its
// result counts; results equal the same job run on the calling thread (a worker changes where the
// work runs, never what it computes); a failure arrives with its request's generation; cancel
// sends nothing. This suite is also the worker half of `scripts/test --tsan`.
#include <QtTest>

#include <atomic>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "density/presets.hpp"
#include "field/exact_field.hpp"
#include "interpolant/interpolant.hpp"
#include "scene/density_spec.hpp"
#include "worker/fan_worker.hpp"
#include "worker/field_frame_worker.hpp"
#include "worker/simulation_worker.hpp"

using namespace flowlab;
using flowlab::ui::FanRequest;
using flowlab::ui::FanWorker;
using flowlab::ui::FieldFrame;
using flowlab::ui::FieldFrameRequest;
using flowlab::ui::FieldFrameWorker;
using flowlab::ui::SimulationRequest;
using flowlab::ui::SimulationResult;
using flowlab::ui::SimulationWorker;

namespace {

std::shared_ptr<const core::GaussianMixture> mixture(const char* spec) {
    auto m = core::resolveDensitySpec(spec);
    if (!m) throw std::runtime_error(m.message());
    return std::make_shared<const core::GaussianMixture>(std::move(m).value());
}

std::shared_ptr<const core::ExactField> exactField(const core::InterpolantOptions& io) {
    auto base = mixture("gaussian");
    auto target = mixture("8gaussians");
    auto interp = core::Interpolant::create(io, *base);
    if (!interp) throw std::runtime_error(interp.message());
    auto f = core::ExactField::create(*base, *target, *interp);
    if (!f) throw std::runtime_error(f.message());
    return std::make_shared<const core::ExactField>(std::move(f).value());
}

SimulationRequest simulationRequest(std::uint64_t generation, int particles, std::uint64_t seed) {
    SimulationRequest r;
    r.generation = generation;
    r.base = mixture("gaussian");
    r.target = mixture("8gaussians");
    r.scene.particles = particles;
    r.scene.steps = 40;
    r.scene.seed = seed;
    r.previewParticles = 0;  // one result per request, so the test can count them
    r.distanceSamples = 200;
    return r;
}

/// A field that always throws: stands for a bug deep in a job.
class ThrowingField final : public core::FieldSource {
public:
    int dim() const override { return 2; }
    unsigned provides() const override { return core::kVelocity | core::kScore | core::kDenoiser; }
    core::Status evaluate(double, const core::Points&, unsigned, core::FieldValues&) const override {
        throw std::runtime_error("field exploded");
    }
    std::string label() const override { return "throwing"; }
};

bool sameTracks(const ui::ParticleTracks& a, const ui::ParticleTracks& b) {
    if (a.particleCount() != b.particleCount() || a.frameCount() != b.frameCount()) return false;
    for (int f = 0; f < a.frameCount(); ++f)
        if (std::memcmp(a.frame(f), b.frame(f), sizeof(float) * 2 * std::size_t(a.particleCount())) != 0) return false;
    return a.colors() == b.colors();
}

/// Records a worker's signal on the test thread. QSignalSpy connects directly, so it appends on
/// the job thread that emits while the test thread reads it: a data race (TSan reports it). Here
/// the arguments arrive through a queued connection, as the window receives them.
template <typename... Args>
class QueuedSpy {
public:
    template <typename Sender, typename Signal>
    QueuedSpy(const Sender* sender, Signal signal) {
        QObject::connect(
            sender, signal, &m_context,
            [this](Args... args) { m_calls.append(QList<QVariant>{QVariant::fromValue(args)...}); },
            Qt::QueuedConnection);
    }
    int count() const { return int(m_calls.size()); }
    const QList<QVariant>& at(int i) const { return m_calls.at(i); }
    const QList<QVariant>& last() const { return m_calls.last(); }
    auto begin() const { return m_calls.begin(); }
    auto end() const { return m_calls.end(); }

private:
    QList<QList<QVariant>> m_calls;
    QObject m_context;  // destroyed first: no queued call can arrive after m_calls is gone
};

const SimulationResult* resultOf(const QueuedSpy<SimulationResult>& spy, quint64 generation) {
    for (const auto& args : spy) {
        const auto* r = static_cast<const SimulationResult*>(args.at(0).constData());
        if (r->generation == generation) return r;
    }
    return nullptr;
}

}  // namespace

class WorkerTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<SimulationResult>(); }

    void simulation_newestRequestWins_andEqualsTheJobRunHere() {
        SimulationWorker worker;
        QueuedSpy<SimulationResult> spy(&worker, &SimulationWorker::finished);
        QueuedSpy<quint64, double> progress(&worker, &SimulationWorker::progress);
        // A slow first request, superseded while it runs (its first progress report shows it
        // started) by a second one with another seed.
        worker.request(simulationRequest(1, 40000, 7));
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() > 0, 30000);
        const SimulationRequest second = simulationRequest(2, 1500, 11);
        worker.request(second);
        QTRY_VERIFY_WITH_TIMEOUT(resultOf(spy, 2) != nullptr, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!worker.busy(), 30000);
        // The superseded request sends nothing (it was cancelled, not failed).
        QVERIFY(resultOf(spy, 1) == nullptr);
        const SimulationResult* got = resultOf(spy, 2);
        QVERIFY2(got->ok, qPrintable(got->error));
        QVERIFY(!got->preview);
        std::atomic<bool> never{false};
        const SimulationResult here = ui::runSimulation(second, never);
        QVERIFY(here.ok);
        QVERIFY(sameTracks(*got->tracks, *here.tracks));
        QCOMPARE(got->nfe, here.nfe);
        QCOMPARE(got->energyDistance, here.energyDistance);
    }

    void simulation_anExceptionArrivesAsAFailureOfItsGeneration() {
        SimulationWorker worker;
        QueuedSpy<SimulationResult> spy(&worker, &SimulationWorker::finished);
        SimulationRequest r = simulationRequest(42, 500, 3);
        r.field = std::make_shared<ThrowingField>();
        worker.request(r);
        QTRY_VERIFY_WITH_TIMEOUT(resultOf(spy, 42) != nullptr, 30000);
        const SimulationResult* got = resultOf(spy, 42);
        QVERIFY(!got->ok);
        QVERIFY2(got->error.contains(QStringLiteral("field exploded")), qPrintable(got->error));
        // The worker still runs the next request.
        worker.request(simulationRequest(43, 500, 3));
        QTRY_VERIFY_WITH_TIMEOUT(resultOf(spy, 43) != nullptr, 30000);
        QVERIFY(resultOf(spy, 43)->ok);
    }

    void simulation_cancelSendsNothing() {
        SimulationWorker worker;
        QueuedSpy<SimulationResult> spy(&worker, &SimulationWorker::finished);
        worker.request(simulationRequest(5, 100000, 1));
        QTRY_VERIFY_WITH_TIMEOUT(worker.busy(), 5000);
        worker.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!worker.busy(), 30000);
        QTest::qWait(50);
        QCOMPARE(spy.count(), 0);
    }

    void fieldFrames_arriveInTheOrderAsked_andEqualTheJobRunHere() {
        FieldFrameWorker worker;
        QueuedSpy<quint64, std::shared_ptr<const FieldFrame>> spy(&worker, &FieldFrameWorker::frameReady);
        QueuedSpy<quint64, QString> failed(&worker, &FieldFrameWorker::failed);
        FieldFrameRequest r;
        r.generation = 9;
        r.exact = exactField({});
        r.vectorSource = r.exact;
        for (core::GridSpec* g : {&r.heatGrid, &r.arrowGrid, &r.streamGrid}) {
            g->xMin = g->yMin = -5;
            g->xMax = g->yMax = 5;
        }
        r.heatGrid.nx = r.heatGrid.ny = 48;
        r.arrowGrid.nx = r.arrowGrid.ny = 12;
        r.times = {0.7, 0.1, 0.95};
        worker.request(r);
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 3, 30000);
        QCOMPARE(failed.count(), 0);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(spy.at(i).at(0).value<quint64>(), quint64(9));
            const auto frame = spy.at(i).at(1).value<std::shared_ptr<const FieldFrame>>();
            QCOMPARE(frame->t, r.times[std::size_t(i)]);
            auto here = ui::computeFieldFrame(r, r.times[std::size_t(i)]);
            QVERIFY(here.ok());
            QVERIFY(!frame->logDensity.empty());
            QCOMPARE(frame->logDensity.values, (*here)->logDensity.values);
            QCOMPARE(frame->vectors.vx, (*here)->vectors.vx);
            QCOMPARE(frame->vectors.vy, (*here)->vectors.vy);
        }
    }

    void fieldFrames_aThrowingSourceFailsWithItsGeneration() {
        FieldFrameWorker worker;
        QueuedSpy<quint64, QString> failed(&worker, &FieldFrameWorker::failed);
        FieldFrameRequest r;
        r.generation = 77;
        r.vectorSource = std::make_shared<ThrowingField>();
        r.heatmap = false;
        r.times = {0.5};
        worker.request(r);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QCOMPARE(failed.at(0).at(0).value<quint64>(), quint64(77));
        QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("field exploded")));
    }

    void fan_newestPinWins_andEqualsTheJobRunHere() {
        FanWorker worker;
        QueuedSpy<quint64, std::shared_ptr<const ui::FanDrawing>> spy(&worker, &FanWorker::fanReady);
        QueuedSpy<quint64, QString> failed(&worker, &FanWorker::failed);
        FanRequest first;
        first.generation = 1;
        first.field = exactField({});
        first.point = QPointF(0.5, -0.5);
        first.t = 0.4;
        first.options.paths = 400;
        first.options.stepsPerUnit = 2000;
        first.options.seed = 3;
        FanRequest second = first;
        second.generation = 2;
        second.point = QPointF(-1.0, 1.5);
        second.options.paths = 8;
        second.options.stepsPerUnit = 100;
        worker.request(first);
        QTest::qWait(100);  // let the slow first fan start, so the second supersedes it running
        worker.request(second);
        QTRY_VERIFY_WITH_TIMEOUT(!worker.busy() && spy.count() >= 1, 30000);
        QTest::qWait(50);
        // Only the newest pin's fan arrives: the first was cancelled while it ran (or replaced
        // before it started), and a cancelled job sends nothing.
        QCOMPARE(spy.count(), 1);
        QCOMPARE(failed.count(), 0);  // cancelled is not a failure either
        const auto& last = spy.last();
        QCOMPARE(last.at(0).value<quint64>(), quint64(2));
        const auto fan = last.at(1).value<std::shared_ptr<const ui::FanDrawing>>();
        std::atomic<bool> never{false};
        auto here = ui::computeFan(second, never);
        QVERIFY(here.ok());
        QCOMPARE(fan->pin, second.point);
        QCOMPARE(fan->times, (*here)->times);
        QCOMPARE(fan->ode, (*here)->ode);
        QCOMPARE(fan->sde, (*here)->sde);
    }
};

QTEST_MAIN(WorkerTest)
#include "worker_test.moc"
