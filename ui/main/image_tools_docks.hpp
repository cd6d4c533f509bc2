#pragma once

#include <QObject>

#include <functional>
#include <memory>

#include "worker/job_queue.hpp"

class QDockWidget;
class QMainWindow;

namespace flowlab::core {
struct PreparedImageScene;
struct PrincipalComponents;
}  // namespace flowlab::core

namespace flowlab::ui {

class ExplorerController;
class ImageInspector;
class ImageTracks;
class InpaintPanel;
class LatentMorphPanel;
class PcaView;

/// The image mode's tools beside the grid, as docks of the main window (tabbed at the bottom,
/// hidden in 2D scenes; View menu toggles them): the sample inspector (a click on a tile fills
/// it: x_t, E[x1 | x_t], E[x0 | x_t], b, the filmstrip, the nearest training image), the PCA
/// view of the same run on the data's first two principal components, inpainting with a painted
/// mask, and the latent morph. They follow the explorer: a new image scene gives them its field,
/// interpolant and data; a new run its trajectory; the timeline its t.
class ImageToolsDocks : public QObject {
    Q_OBJECT
public:
    /// `mayShowDocks` says whether docks may appear now (not while presenting full screen).
    ImageToolsDocks(QMainWindow* window, ExplorerController* controller, std::function<bool()> mayShowDocks);
    ~ImageToolsDocks() override;

    /// The explorer has something new (a scene, a run, or settings): pass it on.
    void refresh();
    /// The timeline moved.
    void setTime(double t);
    /// A tile (or a point of the PCA view) was clicked: inspect that sample at the current t.
    void inspectSample(int index);

    ImageInspector& inspector() { return *m_inspector; }
    PcaView& pca() { return *m_pca; }
    QDockWidget* inspectorDock() const { return m_inspectorDock; }
    QDockWidget* pcaDock() const { return m_pcaDock; }

signals:
    void pcaReady(quint64 generation, std::shared_ptr<const flowlab::core::PrincipalComponents> components);

private:
    void setScene(std::shared_ptr<const core::PreparedImageScene> scene);
    void setTracks(std::shared_ptr<const ImageTracks> tracks);
    void reinspect();
    void showDocks(bool images);

    QMainWindow* m_window = nullptr;
    ExplorerController* m_controller = nullptr;
    std::function<bool()> m_mayShowDocks;
    ImageInspector* m_inspector = nullptr;
    PcaView* m_pca = nullptr;
    InpaintPanel* m_inpaint = nullptr;
    LatentMorphPanel* m_morph = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    QDockWidget* m_pcaDock = nullptr;
    QDockWidget* m_inpaintDock = nullptr;
    QDockWidget* m_morphDock = nullptr;
    std::shared_ptr<const core::PreparedImageScene> m_scene;
    std::shared_ptr<const ImageTracks> m_tracks;
    bool m_images = false;
    bool m_shownOnce = false;
    int m_selected = -1;
    double m_t = 0.0;
    quint64 m_pcaGeneration = 0;
    bool m_pcaReady = false;  // the PCA view has the current data's components
    JobQueue m_pcaQueue;  // declared last: joined first
};

}  // namespace flowlab::ui
