#pragma once

#include <QImage>
#include <QSize>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace flowlab::ui {

/// Draws the frame at time t into the image (its size is the output size). One instance is used
/// by one thread only.
using FrameDrawFn = std::function<void(QImage& image, double t)>;

/// Renders the frames of a video on worker threads while the caller encodes them: worker w draws
/// frames w, w + n, w + 2n, … (n workers, each with its own drawing function, hence its own
/// renderer and buffers) into a ring of `depth` images, at most `depth` frames ahead of the
/// consumer. next() hands the frames out strictly in order, so the output is the same for any
/// number of workers. Destroying the pipeline stops and joins the workers.
class FramePipeline {
public:
    /// Starts `workers` threads (at least 1); `makeDraw` is called once per worker, on the
    /// calling thread. `depth` is raised to at least `workers`.
    FramePipeline(std::vector<double> times, QSize size, int workers, int depth,
                  const std::function<FrameDrawFn()>& makeDraw);
    ~FramePipeline();
    FramePipeline(const FramePipeline&) = delete;
    FramePipeline& operator=(const FramePipeline&) = delete;

    /// Waits for the next frame in order and returns it; it stays valid until the following
    /// call. Null after the last frame.
    const QImage* next();
    /// Wall seconds the workers spent drawing, summed over the frames drawn so far.
    double renderSeconds() const;
    /// Wall seconds next() waited for a frame that was not drawn yet.
    double waitSeconds() const { return m_waitSeconds; }

private:
    void work(int worker, FrameDrawFn draw);

    std::vector<double> m_times;
    int m_workers = 1;
    int m_depth = 1;
    std::vector<QImage> m_slots;
    std::vector<int> m_slotFrame;  // the frame a slot holds once drawn (-1: none yet)
    int m_next = 0;                // frames handed out so far
    int m_released = 0;            // frames the consumer is done with (their slots are free)
    double m_renderSeconds = 0.0;
    double m_waitSeconds = 0.0;
    bool m_stop = false;
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;  // a frame was drawn
    std::condition_variable m_freed;  // the consumer moved on (a slot may be free)
    std::vector<std::thread> m_threads;
};

}  // namespace flowlab::ui
