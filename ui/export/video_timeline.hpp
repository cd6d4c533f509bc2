#pragma once

#include <string>
#include <vector>

namespace flowlab::ui {

/// How a video sweeps time t: which range, how fast, in which order, and how long it rests at
/// the ends. Pure arithmetic, so every export (CLI or GUI) shows the same t in frame k.
struct VideoTimeline {
    /// Frames per second of playback, in (0, 240].
    double fps = 30.0;
    /// Wall-clock length of the sweep, holds excluded; with bounce, the way there and back
    /// together. The sweep has round(fps · seconds) frames, at least 2.
    double seconds = 4.0;
    /// The range of t shown, 0 ≤ tStart < tEnd ≤ 1.
    double tStart = 0.0;
    double tEnd = 1.0;
    /// False: t runs from tStart to tEnd (generation); true: from tEnd to tStart (encoding).
    bool reversed = false;
    /// Copies of the first frame before the sweep, and of the last one after it, in [0, 10000].
    int holdStartFrames = 0;
    int holdEndFrames = 0;
    /// Sweep there and back (ending where it started) instead of one way.
    bool bounce = false;

    /// Empty when valid, else what is wrong, in words a user can act on.
    std::string validate() const;
    /// Frames of the sweep alone.
    int sweepFrames() const;
    /// Every frame's t, in order: holds, then the sweep (both ends included), then holds.
    std::vector<double> frameTimes() const;
};

}  // namespace flowlab::ui
