#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include "state/explorer_settings.hpp"

namespace flowlab::ui {

/// The one clock of the explorer: the displayed time t ∈ [0, 1], play/pause, speed, loop or
/// bounce, and the direction of time (generation 0 → 1, encoding 1 → 0). While playing it ticks
/// at the display rate and advances t by the wall time elapsed, so the speed does not depend on
/// the frame rate. Compare panels (and tests) share one clock; `advance()` is public so tests can
/// step it without waiting.
class AnimationClock : public QObject {
    Q_OBJECT
public:
    /// One "frame" step of the arrow keys: one recorded step of a 100-step simulation.
    static constexpr double kFrameStep = 0.01;

    explicit AnimationClock(QObject* parent = nullptr);

    double t() const { return m_t; }
    bool isPlaying() const { return m_playing; }
    double speed() const { return m_speed; }
    double secondsPerSweep() const { return m_secondsPerSweep; }
    LoopMode loopMode() const { return m_loopMode; }
    /// +1 when time runs 0 → 1 (generation), −1 when it runs 1 → 0 (encoding).
    int direction() const { return m_direction; }
    /// The direction playback moves in right now (flips at the ends in bounce mode).
    int heading() const { return m_heading; }
    /// Tick interval in milliseconds while playing.
    int tickInterval() const { return m_timer.interval(); }

public slots:
    void setT(double t);
    void play();
    void pause();
    void togglePlay();
    void setSpeed(double speed);                   ///< multiplier, in [0.05, 20]
    void setSecondsPerSweep(double seconds);       ///< at speed 1, in [0.25, 120]
    void setLoopMode(flowlab::ui::LoopMode mode);
    void setDirection(int direction);              ///< +1 or −1; resets the heading
    void setTickInterval(int milliseconds);        ///< 0 = as fast as the event loop allows
    void stepFrames(int frames);                   ///< ± kFrameStep per frame along the direction; pauses
    void goToStart();                              ///< t = 0 when generating, 1 when encoding
    void goToEnd();
    /// Moves time on by `seconds` of wall time at the current speed (handles loop and bounce).
    void advance(double seconds);

signals:
    void tChanged(double t);
    void playingChanged(bool playing);
    /// Emitted on every tick while playing, after t moved (the display should draw a frame).
    void ticked();

private:
    void onTick();

    QTimer m_timer;
    QElapsedTimer m_wall;
    double m_t = 0.0;
    bool m_playing = false;
    double m_speed = 1.0;
    double m_secondsPerSweep = 4.0;
    LoopMode m_loopMode = LoopMode::Loop;
    int m_direction = 1;
    int m_heading = 1;
};

}  // namespace flowlab::ui
