#include "main/image_tools_docks.hpp"

#include <algorithm>

#include <QScrollArea>
#include <QTimer>
#include <QDockWidget>
#include <QMainWindow>

#include <vector>

#include "images/image_dataset.hpp"
#include "images/image_inspector.hpp"
#include "images/inpaint_panel.hpp"
#include "images/latent_morph_panel.hpp"
#include "images/pca.hpp"
#include "images/pca_view.hpp"
#include "main/explorer_controller.hpp"
#include "metrics/sample_inspection.hpp"
#include "scene/image_scene.hpp"
#include "view/filmstrip_picture.hpp"
#include "view/image_tracks.hpp"
#include "view/theme.hpp"

namespace flowlab::ui {
namespace {

QDockWidget* makeDock(QMainWindow* window, const QString& title, QWidget* content, const QString& tip) {
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(title);
    // Scrolled, as the other docks are: the tools' own minimum heights (the morph's 416 px) would
    // otherwise hold the tab group at almost half the window and squeeze the grid.
    auto* scroll = new QScrollArea(dock);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    dock->setWidget(scroll);
    dock->setToolTip(tip);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);
    window->addDockWidget(Qt::BottomDockWidgetArea, dock);
    dock->hide();
    return dock;
}

}  // namespace

ImageToolsDocks::ImageToolsDocks(QMainWindow* window, ExplorerController* controller, std::function<bool()> mayShowDocks)
    : QObject(window),
      m_window(window),
      m_controller(controller),
      m_mayShowDocks(std::move(mayShowDocks)),
      m_pcaQueue(QStringLiteral("flowlab-pca")) {
    m_inspector = new ImageInspector(window);
    m_pca = new PcaView(window);
    m_inpaint = new InpaintPanel(window);
    m_morph = new LatentMorphPanel(window);
    m_inspectorDock = makeDock(window, tr("Sample inspector"), m_inspector,
                               tr("Click a sample in the grid: x_t, the denoiser's E[x1 | x_t], the noise estimate E[x0 | x_t]\n"
                                  "and the velocity b at the current t, its whole trajectory and its nearest training image."));
    m_pcaDock = makeDock(window, tr("PCA view"), m_pca,
                         tr("The samples on the data's first two principal components, flowing with t from the noise\n"
                            "into the cloud of training images (faint points, by class). Click a sample to inspect it."));
    m_inpaintDock = makeDock(window, tr("Inpainting"), m_inpaint,
                             tr("Paint a hole over a test image and watch the SDE fill it; the known pixels stay exactly."));
    m_morphDock = makeDock(window, tr("Latent morph"), m_morph,
                           tr("Two images encoded by the backward ODE, their latents interpolated, decoded again."));
    window->tabifyDockWidget(m_inspectorDock, m_pcaDock);
    window->tabifyDockWidget(m_pcaDock, m_inpaintDock);
    window->tabifyDockWidget(m_inpaintDock, m_morphDock);
    for (QDockWidget* d : {m_inspectorDock, m_pcaDock, m_inpaintDock, m_morphDock}) d->toggleViewAction()->setVisible(false);

    connect(m_pca, &PcaView::sampleClicked, this, [this](int index) {
        m_controller->selectSample(index);
        inspectSample(index);
    });
    connect(this, &ImageToolsDocks::pcaReady, this,
            [this](quint64 generation, std::shared_ptr<const core::PrincipalComponents> pc) {
                if (generation != m_pcaGeneration || !m_scene) return;
                m_pca->setComponents(*pc);
                m_pcaReady = true;
                m_pca->setTrainingImages(m_scene->data->train);
                if (m_tracks) m_pca->setTrajectory(m_tracks->times, trackStates(*m_tracks));
            },
            Qt::QueuedConnection);
}

ImageToolsDocks::~ImageToolsDocks() = default;

void ImageToolsDocks::showDocks(bool images) {
    if (images == m_images) return;
    m_images = images;
    for (QDockWidget* d : {m_inspectorDock, m_pcaDock, m_inpaintDock, m_morphDock}) d->toggleViewAction()->setVisible(images);
    if (!images) {
        for (QDockWidget* d : {m_inspectorDock, m_pcaDock, m_inpaintDock, m_morphDock}) d->hide();
    } else if (!m_shownOnce && (!m_mayShowDocks || m_mayShowDocks())) {
        // The first image scene of a session opens the tools once (tabbed); after that they stay
        // as the user left them.
        m_shownOnce = true;
        for (QDockWidget* d : {m_inspectorDock, m_pcaDock, m_inpaintDock, m_morphDock}) d->show();
        m_pcaDock->raise();
        // The grid keeps the room: the tools take a quarter of the height. Once the layout has
        // settled too, since before the window is shown (--scene at start) the request is lost.
        const auto shrink = [this] {
            m_window->resizeDocks({m_pcaDock}, {std::max(160, m_window->height() / 4)}, Qt::Vertical);
        };
        shrink();
        QTimer::singleShot(0, m_window, shrink);
    }
}

void ImageToolsDocks::refresh() {
    const bool images = m_controller->settings().scene.isImages();
    showDocks(images);
    if (!images) return;
    const Theme theme = Theme::named(m_controller->settings().view.theme);
    m_inspector->setTheme(theme);
    m_pca->setTheme(theme);
    m_inpaint->setTheme(theme);
    m_morph->setTheme(theme);
    if (auto scene = m_controller->imageScene(); scene && scene != m_scene) setScene(std::move(scene));
    if (auto tracks = m_controller->imageTracks(); tracks != m_tracks) setTracks(std::move(tracks));
}

void ImageToolsDocks::setScene(std::shared_ptr<const core::PreparedImageScene> scene) {
    const bool newData = !m_scene || m_scene->data != scene->data;
    m_scene = std::move(scene);
    const auto& train = m_scene->data->train;
    m_inspector->setShape({train.channels, train.height, train.width});
    QStringList names;
    for (const std::string& n : train.classNames) names << QString::fromStdString(n);
    m_inspector->setClassNames(names);
    const QString label = QString::fromStdString(m_scene->field->label());
    std::shared_ptr<const core::ImageDataset> test(m_scene->data, &m_scene->data->test);
    std::shared_ptr<const core::ImageDataset> trainSet(m_scene->data, &m_scene->data->train);
    m_inpaint->setField(m_scene->field, m_scene->interpolant, label);
    m_inpaint->setTestImages(test);
    m_morph->setField(m_scene->field, m_scene->interpolant, label, !m_scene->learned);
    m_morph->setImages(test->size() > 1 ? test : trainSet);
    if (newData) {
        // The principal components of a new data set, off the GUI thread (seconds for 10 000 images).
        const quint64 generation = ++m_pcaGeneration;
        m_pcaReady = false;
        std::shared_ptr<const core::ImageSplits> data = m_scene->data;
        m_pcaQueue.submit([this, generation, data](const JobQueue::CancelFlag& cancelled) {
            auto pc = core::computePca(data->train);
            if (cancelled.load() || !pc) return;
            emit pcaReady(generation, std::make_shared<const core::PrincipalComponents>(std::move(pc).value()));
        });
    }
    reinspect();
}

void ImageToolsDocks::setTracks(std::shared_ptr<const ImageTracks> tracks) {
    m_tracks = std::move(tracks);
    if (!m_tracks) return;
    if (m_pcaReady) m_pca->setTrajectory(m_tracks->times, trackStates(*m_tracks));
    m_pca->setTime(m_t);
    if (m_selected >= m_tracks->sampleCount()) m_selected = -1;
    reinspect();
}

void ImageToolsDocks::setTime(double t) {
    m_t = t;
    if (!m_images) return;
    m_pca->setTime(t);
    if (m_inspectorDock->isVisible()) reinspect();
}

void ImageToolsDocks::inspectSample(int index) {
    m_selected = index;
    m_pca->setSelectedSample(index);
    if (m_images && (!m_mayShowDocks || m_mayShowDocks())) {
        m_inspectorDock->show();
        m_inspectorDock->raise();
    }
    reinspect();
    if (m_tracks && m_selected >= 0) {
        auto strip = sampleFilmstrip(*m_tracks, m_selected);
        if (strip) m_inspector->setFilmstrip(std::move(strip).value());
    }
}

void ImageToolsDocks::reinspect() {
    if (!m_scene || !m_tracks || m_selected < 0 || m_selected >= m_tracks->sampleCount()) return;
    const int state = m_tracks->stateAt(m_t);
    const core::Points path = m_tracks->sampleTrajectory(m_selected);
    m_inspector->setSampleIndex(m_selected);
    std::shared_ptr<const core::ImageDataset> train(m_scene->data, &m_scene->data->train);
    m_inspector->inspect(m_scene->field, m_scene->interpolant, train, m_tracks->times[std::size_t(state)], path.row(state));
}

}  // namespace flowlab::ui
