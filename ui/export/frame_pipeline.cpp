#include "export/frame_pipeline.hpp"

#include <QElapsedTimer>

#include <algorithm>

namespace flowlab::ui {

FramePipeline::FramePipeline(std::vector<double> times, QSize size, int workers, int depth,
                             const std::function<FrameDrawFn()>& makeDraw)
    : m_times(std::move(times)), m_workers(std::max(1, workers)), m_depth(std::max(depth, std::max(1, workers))) {
    m_slots.reserve(std::size_t(m_depth));
    for (int i = 0; i < m_depth; ++i) m_slots.emplace_back(size, QImage::Format_ARGB32_Premultiplied);
    m_slotFrame.assign(std::size_t(m_depth), -1);
    for (int w = 0; w < m_workers; ++w) m_threads.emplace_back(&FramePipeline::work, this, w, makeDraw());
}

FramePipeline::~FramePipeline() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_freed.notify_all();
    m_ready.notify_all();
    for (auto& t : m_threads) t.join();
}

void FramePipeline::work(int worker, FrameDrawFn draw) {
    const int total = int(m_times.size());
    QElapsedTimer clock;
    for (int k = worker; k < total; k += m_workers) {
        const std::size_t slot = std::size_t(k % m_depth);
        {
            // Frame k may use its slot once the consumer has moved past frame k − depth.
            std::unique_lock lock(m_mutex);
            m_freed.wait(lock, [&] { return m_stop || k < m_released + m_depth; });
            if (m_stop) return;
        }
        clock.start();
        draw(m_slots[slot], m_times[std::size_t(k)]);
        const double seconds = double(clock.nsecsElapsed()) * 1e-9;
        {
            std::lock_guard lock(m_mutex);
            m_slotFrame[slot] = k;
            m_renderSeconds += seconds;
        }
        m_ready.notify_all();
    }
}

const QImage* FramePipeline::next() {
    std::unique_lock lock(m_mutex);
    m_released = m_next;  // the consumer is done with every frame handed out before
    lock.unlock();
    m_freed.notify_all();
    lock.lock();
    if (m_next >= int(m_times.size())) return nullptr;
    const int k = m_next;
    const std::size_t slot = std::size_t(k % m_depth);
    if (m_slotFrame[slot] != k) {
        QElapsedTimer clock;
        clock.start();
        m_ready.wait(lock, [&] { return m_stop || m_slotFrame[slot] == k; });
        m_waitSeconds += double(clock.nsecsElapsed()) * 1e-9;
        if (m_stop) return nullptr;
    }
    ++m_next;
    return &m_slots[slot];
}

double FramePipeline::renderSeconds() const {
    std::lock_guard lock(m_mutex);
    return m_renderSeconds;
}

}  // namespace flowlab::ui
