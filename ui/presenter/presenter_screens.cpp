#include "presenter/presenter_screens.hpp"

namespace flowlab::ui {
namespace {

/// The largest screen other than `except` (−1 when there is none).
int largestOther(const QList<QRect>& screens, int except) {
    int best = -1;
    qint64 bestArea = -1;
    for (int i = 0; i < screens.size(); ++i) {
        const qint64 area = qint64(screens[i].width()) * screens[i].height();
        if (i != except && area > bestArea) {
            best = i;
            bestArea = area;
        }
    }
    return best;
}

}  // namespace

PresenterScreens choosePresenterScreens(const QList<QRect>& screens, int windowScreen, int requested) {
    PresenterScreens out;
    if (screens.isEmpty()) return out;
    const auto valid = [&](int i) { return i >= 0 && i < screens.size(); };
    const int laptop = valid(windowScreen) ? windowScreen : 0;
    if (valid(requested)) {
        out.projector = requested;
    } else {
        const int other = largestOther(screens, laptop);
        out.projector = other >= 0 ? other : laptop;
    }
    out.console = out.projector != laptop ? laptop : largestOther(screens, out.projector);
    return out;
}

}  // namespace flowlab::ui
