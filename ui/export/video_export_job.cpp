#include "export/video_export_job.hpp"

namespace flowlab::ui {

VideoExportJob::VideoExportJob(ExplorerSettings settings, VideoRenderOptions options, QString path, QObject* parent)
    : QObject(parent), m_settings(std::move(settings)), m_options(std::move(options)), m_path(std::move(path)) {}

VideoExportJob::~VideoExportJob() {
    m_cancel.store(true);
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void VideoExportJob::start() {
    if (m_thread) return;
    // The lambda runs on the new thread; signals cross back queued (this lives on the caller's).
    m_thread = QThread::create([this] {
        const auto onProgress = [this](VideoRenderStage stage, int done, int total) {
            emit progress(int(stage), done, total);
            return !m_cancel.load();
        };
        auto r = m_panels.empty()
                     ? renderVideo(m_settings, m_options, m_path.toStdString(), onProgress, &m_cancel)
                     : renderCompareVideo(m_panels, m_settings.view, m_options, m_path.toStdString(), onProgress, &m_cancel);
        if (!r) {
            emit finished(false, QString::fromStdString(r.message()));
            return;
        }
        emit finished(true, tr("Wrote %1: %2 frames in %3 s (render %4 s, encode %5 s)")
                                .arg(m_path)
                                .arg(r->frames)
                                .arg(r->totalSeconds(), 0, 'f', 1)
                                .arg(r->renderSeconds, 0, 'f', 1)
                                .arg(r->encodeSeconds, 0, 'f', 1));
    });
    m_thread->start();
}

}  // namespace flowlab::ui
