#include "export/video_timeline.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::ui {
namespace {
constexpr double kMaxFps = 240.0;
constexpr double kMaxSeconds = 3600.0;
constexpr int kMaxHoldFrames = 10000;
}  // namespace

std::string VideoTimeline::validate() const {
    if (!(fps > 0.0 && fps <= kMaxFps)) return "the frame rate must be in (0, 240] frames per second";
    if (!(seconds > 0.0 && seconds <= kMaxSeconds)) return "the duration must be in (0, 3600] seconds";
    if (!(tStart >= 0.0 && tEnd <= 1.0 && tStart < tEnd))
        return "the t range A,B must satisfy 0 <= A < B <= 1";
    if (holdStartFrames < 0 || holdStartFrames > kMaxHoldFrames || holdEndFrames < 0 || holdEndFrames > kMaxHoldFrames)
        return "hold frames must be in [0, 10000]";
    return {};
}

int VideoTimeline::sweepFrames() const { return std::max(2, int(std::lround(fps * seconds))); }

std::vector<double> VideoTimeline::frameTimes() const {
    const int n = sweepFrames();
    const double from = reversed ? tEnd : tStart;
    const double to = reversed ? tStart : tEnd;
    std::vector<double> sweep(n);
    if (!bounce) {
        for (int k = 0; k < n; ++k) sweep[k] = from + (to - from) * double(k) / double(n - 1);
    } else {
        // There and back over n frames: the turning point is the middle frame (or the middle
        // pair for even n), and the last frame is the first one again.
        const double half = double(n - 1) / 2.0;
        for (int k = 0; k < n; ++k) {
            const double u = 1.0 - std::abs(double(k) - half) / half;  // 0 → 1 → 0
            sweep[k] = from + (to - from) * u;
        }
    }
    std::vector<double> times;
    times.reserve(std::size_t(holdStartFrames + n + holdEndFrames));
    times.insert(times.end(), std::size_t(holdStartFrames), sweep.front());
    times.insert(times.end(), sweep.begin(), sweep.end());
    times.insert(times.end(), std::size_t(holdEndFrames), sweep.back());
    return times;
}

}  // namespace flowlab::ui
