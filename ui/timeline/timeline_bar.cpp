#include "timeline/timeline_bar.hpp"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QEvent>
#include <QToolButton>

#include <cmath>

#include "timeline/animation_clock.hpp"
#include "timeline/transport_icons.hpp"

namespace flowlab::ui {
namespace {

constexpr int kSliderTicks = 1000;
constexpr double kBaseSweepSeconds = 4.0;  // t crosses [0, 1] in 4 s at 1×
const double kSpeeds[] = {0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 4.0};

QString withShortcut(const QString& text, const QKeySequence& key) {
    return QStringLiteral("%1  (%2)").arg(text, key.toString(QKeySequence::NativeText));
}

}  // namespace

QAction* TimelineBar::makeAction(const QString& text, const QKeySequence& key) {
    auto* a = new QAction(text, this);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WindowShortcut);
    a->setToolTip(withShortcut(text, key));
    addAction(a);
    return a;
}

void TimelineBar::updateIcons() {
    const QColor c = palette().color(QPalette::WindowText);
    m_start->setIcon(transportIcon(TransportIcon::Start, c));
    m_stepBack->setIcon(transportIcon(TransportIcon::StepBack, c));
    m_play->setIcon(transportIcon(m_clock->isPlaying() ? TransportIcon::Pause : TransportIcon::Play, c));
    m_stepForward->setIcon(transportIcon(TransportIcon::StepForward, c));
    m_end->setIcon(transportIcon(TransportIcon::End, c));
}

void TimelineBar::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) updateIcons();
}

QToolButton* TimelineBar::makeButton(QAction* action) {
    auto* b = new QToolButton(this);
    b->setDefaultAction(action);
    b->setAutoRaise(true);
    b->setIconSize(QSize(22, 22));
    return b;
}

TimelineBar::TimelineBar(AnimationClock* clock, QWidget* parent) : QWidget(parent), m_clock(clock) {
    m_start = makeAction(tr("Go to the start"), QKeySequence(Qt::Key_Home));
    m_stepBack = makeAction(tr("Step back one frame"), QKeySequence(Qt::Key_Left));
    m_play = makeAction(tr("Play / pause"), QKeySequence(Qt::Key_Space));
    m_stepForward = makeAction(tr("Step forward one frame"), QKeySequence(Qt::Key_Right));
    m_end = makeAction(tr("Go to the end"), QKeySequence(Qt::Key_End));
    m_slower = makeAction(tr("Slower"), QKeySequence(Qt::Key_BracketLeft));
    m_faster = makeAction(tr("Faster"), QKeySequence(Qt::Key_BracketRight));

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, kSliderTicks);
    m_slider->setToolTip(tr("Time t from 0 (base ρ₀) to 1 (target ρ₁); drag to scrub.\n"
                            "Keys: Space play/pause · ←/→ step · Home/End start/end · [ / ] slower/faster"));
    m_time = new QLabel(this);
    m_time->setMinimumWidth(m_time->fontMetrics().horizontalAdvance(QStringLiteral("t = 0.000 ")));
    m_time->setToolTip(tr("The displayed time t."));
    m_speed = new QComboBox(this);
    for (double s : kSpeeds) m_speed->addItem(QStringLiteral("%1×").arg(s), s);
    m_speed->setToolTip(tr("Playback speed: at 1× t crosses [0, 1] in 4 seconds.  ([ slower, ] faster)"));
    m_loop = new QComboBox(this);
    m_loop->addItem(tr("loop"), int(LoopMode::Loop));
    m_loop->addItem(tr("bounce"), int(LoopMode::Bounce));
    m_loop->addItem(tr("once"), int(LoopMode::Once));
    m_loop->setToolTip(tr("At the end: start again (loop), turn round (bounce) or stop (once)."));
    m_direction = new QComboBox(this);
    m_direction->addItem(tr("generate 0 → 1"), int(Direction::Generate));
    m_direction->addItem(tr("encode 1 → 0"), int(Direction::Encode));
    m_direction->setToolTip(tr("Generate: particles start from ρ₀ and flow to ρ₁.\n"
                               "Encode: they start from ρ₁ and flow back to ρ₀ (time runs backward)."));

    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(6, 2, 6, 2);
    for (QAction* a : {m_start, m_stepBack, m_play, m_stepForward, m_end}) row->addWidget(makeButton(a));
    row->addWidget(m_slider, 1);
    row->addWidget(m_time);
    row->addWidget(m_speed);
    row->addWidget(m_loop);
    row->addWidget(m_direction);

    connect(m_play, &QAction::triggered, m_clock, &AnimationClock::togglePlay);
    connect(m_stepBack, &QAction::triggered, m_clock, [this] { m_clock->stepFrames(-1); });
    connect(m_stepForward, &QAction::triggered, m_clock, [this] { m_clock->stepFrames(1); });
    connect(m_start, &QAction::triggered, m_clock, &AnimationClock::goToStart);
    connect(m_end, &QAction::triggered, m_clock, &AnimationClock::goToEnd);
    connect(m_slower, &QAction::triggered, this, [this] { changeSpeed(-1); });
    connect(m_faster, &QAction::triggered, this, [this] { changeSpeed(1); });
    connect(m_clock, &AnimationClock::tChanged, this, &TimelineBar::showTime);
    connect(m_clock, &AnimationClock::playingChanged, this, &TimelineBar::updateIcons);
    connect(m_slider, &QSlider::sliderPressed, this, [this] {
        m_resumeAfterScrub = m_clock->isPlaying();
        m_clock->pause();
    });
    connect(m_slider, &QSlider::sliderReleased, this, [this] {
        if (m_resumeAfterScrub) m_clock->play();
    });
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (m_loading) return;
        m_clock->setT(double(v) / kSliderTicks);
    });
    connect(m_speed, qOverload<int>(&QComboBox::activated), this, [this] {
        m_clock->setSpeed(m_speed->currentData().toDouble());
        emit playbackEdited();
    });
    connect(m_loop, qOverload<int>(&QComboBox::activated), this, [this] {
        m_clock->setLoopMode(LoopMode(m_loop->currentData().toInt()));
        emit playbackEdited();
    });
    connect(m_direction, qOverload<int>(&QComboBox::activated), this,
            [this] { emit directionChanged(Direction(m_direction->currentData().toInt())); });
    showTime(m_clock->t());
    updateIcons();
}

QList<QAction*> TimelineBar::playbackActions() const {
    return {m_play, m_stepBack, m_stepForward, m_start, m_end, m_slower, m_faster};
}

void TimelineBar::showTime(double t) {
    m_loading = true;
    m_slider->setValue(int(std::lround(t * kSliderTicks)));
    m_loading = false;
    m_time->setText(QStringLiteral("t = %1").arg(t, 0, 'f', 3));
}

void TimelineBar::changeSpeed(int delta) {
    const int i = std::clamp(m_speed->currentIndex() + delta, 0, m_speed->count() - 1);
    m_speed->setCurrentIndex(i);
    m_clock->setSpeed(m_speed->currentData().toDouble());
    emit playbackEdited();
}

void TimelineBar::loadPlayback(const PlaybackSettings& p) {
    const double speed = kBaseSweepSeconds / p.secondsPerSweep;
    int best = 0;
    for (int i = 0; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - speed) < std::abs(m_speed->itemData(best).toDouble() - speed)) best = i;
    m_speed->setCurrentIndex(best);
    m_loop->setCurrentIndex(std::max(0, m_loop->findData(int(p.loopMode))));
    m_clock->setSecondsPerSweep(kBaseSweepSeconds);
    m_clock->setSpeed(m_speed->currentData().toDouble());
    m_clock->setLoopMode(p.loopMode);
}

void TimelineBar::storePlayback(PlaybackSettings& p) const {
    p.secondsPerSweep = kBaseSweepSeconds / m_speed->currentData().toDouble();
    p.loopMode = LoopMode(m_loop->currentData().toInt());
}

void TimelineBar::setDirection(Direction d) {
    m_direction->setCurrentIndex(std::max(0, m_direction->findData(int(d))));
}

}  // namespace flowlab::ui
