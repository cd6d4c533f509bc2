#pragma once

#include <QList>
#include <QWidget>

#include "state/explorer_settings.hpp"

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace flowlab::ui {

class AnimationClock;

/// The timeline under the plane: play/pause, step, start/end, a t slider, speed, loop or bounce,
/// and generate (0 → 1) or encode (1 → 0). Its actions carry the keyboard shortcuts (Space,
/// ←/→, Home/End, [ and ]), shown in every tooltip; the window adds them so they work anywhere.
class TimelineBar : public QWidget {
    Q_OBJECT
public:
    TimelineBar(AnimationClock* clock, QWidget* parent = nullptr);

    /// The actions with shortcuts (for the window and the Playback menu).
    QList<QAction*> playbackActions() const;

    void loadPlayback(const PlaybackSettings& playback);
    void storePlayback(PlaybackSettings& playback) const;
    void setDirection(Direction direction);

protected:
    void changeEvent(QEvent* event) override;

signals:
    void directionChanged(flowlab::ui::Direction direction);
    void playbackEdited();

private:
    QAction* makeAction(const QString& text, const QKeySequence& key);
    void updateIcons();
    QToolButton* makeButton(QAction* action);
    void showTime(double t);
    void changeSpeed(int delta);

    AnimationClock* m_clock;
    QAction* m_play = nullptr;
    QAction* m_stepBack = nullptr;
    QAction* m_stepForward = nullptr;
    QAction* m_start = nullptr;
    QAction* m_end = nullptr;
    QAction* m_slower = nullptr;
    QAction* m_faster = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_time = nullptr;
    QComboBox* m_speed = nullptr;
    QComboBox* m_loop = nullptr;
    QComboBox* m_direction = nullptr;
    bool m_resumeAfterScrub = false;
    bool m_loading = false;
};

}  // namespace flowlab::ui
