// ExplorerController: image scenes (issue 12). The grid of samples is prepared and simulated on
// the image worker; frames replay its recorded states, so moving t costs no field evaluation.
#include "main/explorer_controller.hpp"
#include "state/image_frames.hpp"

namespace flowlab::ui {

bool ExplorerController::applyImages(const ExplorerSettings& next) {
    if (auto p = next.scene.validate(); !p.empty()) {
        m_status.error = QString::fromStdString(p);
        emit statusChanged();
        return false;
    }
    if (next.scene.direction != Direction::Generate) {
        m_status.error = tr("an image scene generates (t from 0 to 1): encoding is not offered");
        emit statusChanged();
        return false;
    }
    const bool wasImages = m_hasScene && m_settings.scene.isImages();
    const bool sceneChanged = !wasImages || next.scene != m_settings.scene;
    if (!wasImages) {
        // Leaving the 2D scene: its workers stop, its picture goes, its network fits no image.
        ++m_simGeneration;
        m_simulation.cancel();
        m_fields.cancel();
        clearPin();
        dropLearnedField();
    } else if (trainingSceneChanged(next.scene, m_settings.scene)) {
        dropLearnedField();  // a U-Net trained here learned other images, interpolant or coupling
    }
    const bool themeChanged = !m_hasScene || next.view.theme != m_settings.view.theme;
    if (sceneChanged && wasImages && (next.scene.rows != m_settings.scene.rows || next.scene.columns != m_settings.scene.columns))
        m_selectedSample = -1;
    m_settings = next;
    m_hasScene = true;
    if (themeChanged) m_assembler.setTheme(std::make_shared<const Theme>(Theme::named(next.view.theme)));
    m_assembler.setView(next.view);
    if (sceneChanged) {
        m_status.error.clear();
        startImageSimulation();
    }
    updateImageText();
    emit statusChanged();
    emit contentChanged();
    return true;
}

void ExplorerController::startImageSimulation() {
    ImageSimulationRequest rq;
    rq.generation = ++m_imageGeneration;
    rq.scene = m_settings.scene;
    rq.previous = m_imageScenePrepared;
    rq.threads = m_workerThreads;
    // In learned mode a network trained here replaces the scene's model file, with the scene's
    // class and guidance when it has a class embedding (an unconditional one shows every class).
    if (m_settings.scene.fieldMode == FieldMode::Learned) rq.field = conditionedImageField(m_learned, m_settings.scene);
    m_imageSimIsLive = rq.field && m_liveTraining;
    m_imageSimPending = false;
    m_status.simulating = true;
    m_status.progress = 0.0;
    m_status.preview = false;
    m_status.energyDistance = -1.0;
    m_images.request(std::move(rq));
}

void ExplorerController::onImageFinished(const ImageSimulationResult& r) {
    if (r.generation != m_imageGeneration || !m_settings.scene.isImages()) return;  // superseded
    m_status.simulating = false;
    if (r.scenePrepared) m_imageScenePrepared = r.scenePrepared;
    if (m_imageSimPending) {
        // A newer training snapshot arrived meanwhile: show this grid, then simulate that one.
        QTimer::singleShot(0, this, [this] {
            if (m_imageSimPending && m_settings.scene.isImages()) startImageSimulation();
        });
    }
    if (!r.ok) {
        m_status.error = tr("images: %1").arg(r.error);
    } else {
        m_status.error.clear();
        m_imagePrepared = r.prepared;
        m_imageTracks = r.tracks;
        if (m_selectedSample >= r.tracks->sampleCount()) m_selectedSample = -1;
        m_status.nfe = r.nfe;
        m_status.steps = r.steps;
        m_status.simulationSeconds = r.seconds;
    }
    updateImageText();
    emit statusChanged();
    emit contentChanged();
}

void ExplorerController::setImageLearnedField() {
    if (m_settings.scene.fieldMode != FieldMode::Learned) return;  // the exact field is shown
    if (m_liveTraining && m_status.simulating && m_imageSimIsLive)
        m_imageSimPending = true;  // the running snapshot's grid finishes first
    else
        startImageSimulation();
    updateImageText();
    emit statusChanged();
    emit contentChanged();
}

void ExplorerController::updateImageText() {
    FrameText text = describeImageScene(m_settings.scene, m_imagePrepared.get());
    if (!m_status.error.isEmpty()) {
        text.notice = m_status.error;
        text.noticeIsError = true;
    } else if (m_status.simulating) {
        text.notice = tr("simulating %1 samples… %2 %").arg(m_settings.scene.sampleCount()).arg(int(100 * m_status.progress));
    }
    m_imageText = text;
}

FrameData ExplorerController::imageFrameAt(double t) const {
    FrameData f = imageFrame(m_assembler.frameAt(t), m_settings.scene, m_settings.view.layers, m_imageTracks, m_imageText, t);
    f.selectedSample = m_selectedSample;
    // The previous grid stays, veiled, while the new one is computed.
    f.stale = m_status.simulating && m_imageTracks != nullptr;
    return f;
}

core::Points ExplorerController::sampleTrajectory(int index) const {
    return m_imageTracks ? m_imageTracks->sampleTrajectory(index) : core::Points();
}

void ExplorerController::selectSample(int index) {
    m_selectedSample = m_imageTracks && index >= 0 && index < m_imageTracks->sampleCount() ? index : -1;
    emit contentChanged();
}

}  // namespace flowlab::ui
