#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include "main/command_line.hpp"

namespace flowlab::ui {

class MainWindow;

/// Drives the window without a user: waits until the scene is simulated and its layers for the
/// requested time are computed, then saves a screenshot (atomically) or measures the animation's
/// frame rate, and reports an exit code (0 success, 1 failure).
class BatchRunner : public QObject {
    Q_OBJECT
public:
    /// Time allowed for the scene to get ready.
    static constexpr int kReadyTimeoutMs = 120000;

    BatchRunner(MainWindow& window, GuiOptions options, QObject* parent = nullptr);
    void start();

signals:
    void finished(int exitCode);

private:
    void poll();
    void takeScreenshot();
    void startBenchmark();
    void benchmarkPhaseDone();

    MainWindow& m_window;
    GuiOptions m_options;
    QTimer m_poll;
    QElapsedTimer m_clock;
    int m_readyPolls = 0;
    // Animation benchmark.
    int m_phase = 0;
    quint64 m_framesAtStart = 0;
    double m_cappedFps = 0.0;
    double m_cappedRenderMs = 0.0;
};

}  // namespace flowlab::ui
