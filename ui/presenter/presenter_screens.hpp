#pragma once

#include <QList>
#include <QRect>

namespace flowlab::ui {

/// Which screens presenter mode uses, as indexes into the list of screens it was chosen from.
struct PresenterScreens {
    int projector = -1;  ///< where the plane goes full screen (−1: no screen at all)
    int console = -1;    ///< where the console goes (notes, next step, controls); −1: none (N toggles notes)

    bool operator==(const PresenterScreens& o) const { return projector == o.projector && console == o.console; }
};

/// Chooses the screens for presenter mode from the screens' geometries (QScreen::geometry) and
/// the screen the window is on (`windowScreen`, the laptop's): the projector is `requested` when
/// it names a screen, else the largest other screen (the projector or the external monitor; the
/// first when two are as large), else the window's own. The console goes to the window's screen
/// when the projector is another, else to another screen when there is one (the largest), else
/// nowhere. Pure, so that tests need no screens.
PresenterScreens choosePresenterScreens(const QList<QRect>& screens, int windowScreen, int requested = -1);

}  // namespace flowlab::ui
