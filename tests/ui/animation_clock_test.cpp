// The explorer's clock: time moves with wall time at the set speed and wraps, bounces or stops.
#include <QSignalSpy>
#include <QtTest>

#include "timeline/animation_clock.hpp"

using flowlab::ui::AnimationClock;
using flowlab::ui::LoopMode;

namespace {
constexpr double kTolerance = 1e-9;
}

class AnimationClockTest : public QObject {
    Q_OBJECT
private slots:
    void advance_movesTByElapsedOverSweep() {
        AnimationClock c;
        c.setSecondsPerSweep(4.0);
        c.setT(0.2);
        c.advance(0.4);
        QVERIFY(std::abs(c.t() - 0.3) < kTolerance);
        c.setSpeed(2.0);
        c.advance(0.4);
        QVERIFY(std::abs(c.t() - 0.5) < kTolerance);
    }
    void loop_wrapsAroundInBothDirections() {
        AnimationClock c;
        c.setSecondsPerSweep(1.0);
        c.setLoopMode(LoopMode::Loop);
        c.setT(0.9);
        c.advance(0.25);
        QVERIFY(std::abs(c.t() - 0.15) < kTolerance);
        c.setDirection(-1);
        c.setT(0.1);
        c.advance(0.25);
        QVERIFY(std::abs(c.t() - 0.85) < kTolerance);
    }
    void bounce_reversesAtTheEnds() {
        AnimationClock c;
        c.setSecondsPerSweep(1.0);
        c.setLoopMode(LoopMode::Bounce);
        c.setT(0.9);
        c.advance(0.25);
        QVERIFY(std::abs(c.t() - 0.85) < kTolerance);
        QCOMPARE(c.heading(), -1);
        c.advance(0.5);
        QVERIFY(std::abs(c.t() - 0.35) < kTolerance);
    }
    void once_stopsAtTheEnd() {
        AnimationClock c;
        c.setSecondsPerSweep(1.0);
        c.setLoopMode(LoopMode::Once);
        c.setT(0.5);
        c.play();
        QSignalSpy stopped(&c, &AnimationClock::playingChanged);
        c.advance(0.8);
        QCOMPARE(c.t(), 1.0);
        QVERIFY(!c.isPlaying());
        QCOMPARE(stopped.count(), 1);
    }
    void stepFrames_pausesAndMovesAlongTheDirection() {
        AnimationClock c;
        c.setT(0.5);
        c.play();
        c.stepFrames(3);
        QVERIFY(!c.isPlaying());
        QVERIFY(std::abs(c.t() - (0.5 + 3 * AnimationClock::kFrameStep)) < kTolerance);
        c.setDirection(-1);
        c.stepFrames(1);
        QVERIFY(std::abs(c.t() - (0.5 + 2 * AnimationClock::kFrameStep)) < kTolerance);
    }
    void startAndEnd_followTheDirection() {
        AnimationClock c;
        c.setDirection(-1);
        c.goToStart();
        QCOMPARE(c.t(), 1.0);
        c.goToEnd();
        QCOMPARE(c.t(), 0.0);
    }
    void playing_ticksAdvanceTime() {
        AnimationClock c;
        c.setSecondsPerSweep(1.0);
        c.setT(0.0);
        QSignalSpy ticks(&c, &AnimationClock::ticked);
        c.play();
        QTRY_VERIFY_WITH_TIMEOUT(ticks.count() >= 3, 5000);
        QVERIFY(c.t() > 0.0);
    }
    void badInput_isClamped() {
        AnimationClock c;
        c.setT(std::numeric_limits<double>::quiet_NaN());
        QCOMPARE(c.t(), 0.0);
        c.setT(7.0);
        QCOMPARE(c.t(), 1.0);
        c.setSpeed(-3.0);
        QVERIFY(c.speed() > 0.0);
    }
};

QTEST_MAIN(AnimationClockTest)
#include "animation_clock_test.moc"
