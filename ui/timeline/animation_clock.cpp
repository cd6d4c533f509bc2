#include "timeline/animation_clock.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::ui {

AnimationClock::AnimationClock(QObject* parent) : QObject(parent) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(15);  // a little under 16.7 ms, so a 60 Hz display never misses a frame
    connect(&m_timer, &QTimer::timeout, this, &AnimationClock::onTick);
}

void AnimationClock::setT(double t) {
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
    if (t == m_t) return;
    m_t = t;
    emit tChanged(m_t);
}

void AnimationClock::play() {
    if (m_playing) return;
    // Playing from the end restarts, as a media player does.
    if (m_loopMode != LoopMode::Bounce && ((m_direction > 0 && m_t >= 1.0) || (m_direction < 0 && m_t <= 0.0))) goToStart();
    m_playing = true;
    m_heading = m_heading == 0 ? m_direction : m_heading;
    m_wall.start();
    m_timer.start();
    emit playingChanged(true);
}

void AnimationClock::pause() {
    if (!m_playing) return;
    m_playing = false;
    m_timer.stop();
    emit playingChanged(false);
}

void AnimationClock::togglePlay() { m_playing ? pause() : play(); }

void AnimationClock::setSpeed(double speed) { m_speed = std::clamp(std::isfinite(speed) ? speed : 1.0, 0.05, 20.0); }

void AnimationClock::setSecondsPerSweep(double seconds) {
    m_secondsPerSweep = std::clamp(std::isfinite(seconds) ? seconds : 4.0, 0.25, 120.0);
}

void AnimationClock::setLoopMode(LoopMode mode) { m_loopMode = mode; }

void AnimationClock::setDirection(int direction) {
    m_direction = direction >= 0 ? 1 : -1;
    m_heading = m_direction;
}

void AnimationClock::setTickInterval(int milliseconds) { m_timer.setInterval(std::max(0, milliseconds)); }

void AnimationClock::stepFrames(int frames) {
    pause();
    setT(std::round((m_t + frames * kFrameStep * m_direction) / kFrameStep) * kFrameStep);
}

void AnimationClock::goToStart() {
    m_heading = m_direction;
    setT(m_direction > 0 ? 0.0 : 1.0);
}

void AnimationClock::goToEnd() { setT(m_direction > 0 ? 1.0 : 0.0); }

void AnimationClock::advance(double seconds) {
    if (!(seconds > 0.0)) return;
    double t = m_t + m_heading * seconds * m_speed / m_secondsPerSweep;
    switch (m_loopMode) {
        case LoopMode::Loop:
            if (t > 1.0 || t < 0.0) t = m_heading > 0 ? std::fmod(t, 1.0) : 1.0 + std::fmod(t, 1.0);
            break;
        case LoopMode::Bounce:
            while (t > 1.0 || t < 0.0) {
                t = t > 1.0 ? 2.0 - t : -t;
                m_heading = -m_heading;
            }
            break;
        case LoopMode::Once:
            if (t >= 1.0 || t <= 0.0) {
                t = std::clamp(t, 0.0, 1.0);
                setT(t);
                pause();
                return;
            }
            break;
    }
    setT(t);
}

void AnimationClock::onTick() {
    const double seconds = double(m_wall.nsecsElapsed()) * 1e-9;
    m_wall.restart();
    // A stall (a modal dialog, a debugger) should not make t jump.
    advance(std::min(seconds, 0.1));
    emit ticked();
}

}  // namespace flowlab::ui
