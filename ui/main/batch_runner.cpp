#include "main/batch_runner.hpp"

#include <QCoreApplication>
#include <QImage>
#include <QPixmap>
#include <QSaveFile>

#include <algorithm>
#include <cstdio>

#include "compare/compare_area.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "timeline/animation_clock.hpp"
#include "plane/plane_view.hpp"

namespace flowlab::ui {
namespace {
constexpr int kPollMs = 50;
constexpr int kSettlePolls = 3;  // extra polls once ready, so queued repaints land
constexpr double kDefaultScreenshotT = 0.5;
}  // namespace

BatchRunner::BatchRunner(MainWindow& window, GuiOptions options, QObject* parent)
    : QObject(parent), m_window(window), m_options(std::move(options)) {
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &BatchRunner::poll);
}

void BatchRunner::start() {
    if (!m_options.screenshotPath.isEmpty()) {
        if (m_options.viewOnly) {
            m_window.view().setFixedSize(m_options.size);
        } else {
            // The picture has the size asked for, even below the size the window keeps on screen.
            m_window.setMinimumSize(m_options.size.boundedTo(m_window.minimumSize()));
            m_window.resize(m_options.size);
        }
        m_window.clock().pause();
        m_window.clock().setT(m_options.t.value_or(kDefaultScreenshotT));
    } else {
        m_window.resize(m_options.size);
    }
    m_clock.start();
    m_poll.start();
}

void BatchRunner::poll() {
    if (m_phase > 0) return;
    const double t = m_options.screenshotPath.isEmpty() ? m_window.clock().t() : m_window.clock().t();
    if (!m_window.compareArea().isReady(t)) {
        m_readyPolls = 0;
        if (m_clock.elapsed() > kReadyTimeoutMs) {
            std::fprintf(stderr, "flowlab: the scene did not get ready within %d s%s%s\n", kReadyTimeoutMs / 1000,
                         m_window.controller().status().error.isEmpty() ? "" : ": ",
                         qPrintable(m_window.controller().status().error));
            m_poll.stop();
            emit finished(1);
        }
        if (!m_window.controller().status().error.isEmpty() && m_clock.elapsed() > 2000) {
            std::fprintf(stderr, "flowlab: %s\n", qPrintable(m_window.controller().status().error));
            m_poll.stop();
            emit finished(1);
        }
        return;
    }
    if (++m_readyPolls < kSettlePolls) return;
    m_poll.stop();
    if (!m_options.screenshotPath.isEmpty())
        takeScreenshot();
    else
        startBenchmark();
}

void BatchRunner::takeScreenshot() {
    const double t = m_window.clock().t();
    m_window.compareArea().updateAgreement();  // normally throttled; the screenshot shows it now
    QCoreApplication::sendPostedEvents();       // and lays it out
    // A slide of a lesson step gets the presenter's text (the window's grab has it already).
    const QImage image =
        m_options.viewOnly ? m_window.renderPlane(m_options.size, t, m_window.slideTextBoost()) : m_window.grab().toImage();
    QSaveFile file(m_options.screenshotPath);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        std::fprintf(stderr, "flowlab: cannot write %s: %s\n", qPrintable(m_options.screenshotPath),
                     qPrintable(file.errorString()));
        emit finished(1);
        return;
    }
    std::printf("saved %s (%dx%d, t = %.3f)\n", qPrintable(m_options.screenshotPath), image.width(), image.height(), t);
    emit finished(0);
}

void BatchRunner::startBenchmark() {
    m_phase = 1;
    AnimationClock& clock = m_window.clock();
    clock.goToStart();
    clock.play();
    m_framesAtStart = m_window.view().framesPainted();
    m_clock.restart();
    QTimer::singleShot(int(m_options.benchmarkSeconds * 1000), this, &BatchRunner::benchmarkPhaseDone);
}

void BatchRunner::benchmarkPhaseDone() {
    const double seconds = m_clock.elapsed() / 1000.0;
    const double fps = double(m_window.view().framesPainted() - m_framesAtStart) / seconds;
    const double renderMs = m_window.view().renderMilliseconds();
    AnimationClock& clock = m_window.clock();
    if (m_phase == 1) {
        m_cappedFps = fps;
        m_cappedRenderMs = renderMs;
        m_phase = 2;
        clock.setTickInterval(0);  // as fast as the event loop allows
        m_framesAtStart = m_window.view().framesPainted();
        m_clock.restart();
        QTimer::singleShot(int(m_options.benchmarkSeconds * 1000), this, &BatchRunner::benchmarkPhaseDone);
        return;
    }
    const auto& tracks = m_window.controller().frameAt(clock.t()).tracks;
    const QSize plane = m_window.view().size() * m_window.view().devicePixelRatioF();
    std::printf("animation benchmark: %d particles, plane %dx%d, %.1f s per phase\n",
                tracks ? tracks->particleCount() : 0, plane.width(), plane.height(), m_options.benchmarkSeconds);
    // With --compare the same clock drives every panel; the figures below are for all of them.
    if (!m_options.compare.isEmpty())
        std::printf("  compare %s: %d panels of that size, drawn each frame on %d threads (the figures per frame rendered "
                    "are all panels')\n",
                    qPrintable(m_options.compare), m_window.compareArea().panelCount(),
                    m_window.compareArea().renderThreads());
    std::printf("  at the display rate (tick %d ms): %.1f fps, %.2f ms per frame rendered\n", AnimationClock::kDefaultTickMs, m_cappedFps,
                m_cappedRenderMs);
    std::printf("  uncapped:                         %.1f fps, %.2f ms per frame rendered\n", fps, renderMs);
    const auto& lt = m_window.view().meanLayerTimes();
    if (m_options.compare.isEmpty()) {
        std::printf("  layers (ms): background %.2f, heatmap %.2f, arrows %.2f, vector %.2f, trails %.2f, particles %.2f, "
                    "overlay %.2f; copy to screen %.2f\n",
                    lt.background, lt.heatmap, lt.arrows, lt.vectorLayers, lt.trails, lt.particles, lt.overlay,
                    renderMs - lt.total());
    } else {
        // The first panel's paint draws every panel, on the renderer's threads: the layers are
        // summed over the panels (thread time), and the rest of the wall time is not a copy.
        const int panels = std::max(1, m_window.compareArea().panelCount());
        std::printf("  layers (ms, summed over the %d panels): background %.2f, heatmap %.2f, arrows %.2f, vector %.2f, "
                    "trails %.2f, particles %.2f, overlay %.2f; %.2f per panel, %.2f ms wall per frame\n",
                    panels, lt.background, lt.heatmap, lt.arrows, lt.vectorLayers, lt.trails, lt.particles, lt.overlay,
                    lt.total() / panels, renderMs);
    }
    std::fflush(stdout);
    clock.pause();
    emit finished(0);
}

}  // namespace flowlab::ui
