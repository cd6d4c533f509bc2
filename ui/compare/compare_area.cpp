#include "compare/compare_area.hpp"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QStyleOptionToolButton>
#include <QStylePainter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

#include "main/explorer_controller.hpp"
#include "worker/job_queue.hpp"
#include "plane/plane_view.hpp"
#include "view/frame_renderer.hpp"

namespace flowlab::ui {
namespace {

/// A panel header that never asks for the width of its text: a long label (or an error) is
/// elided instead of widening the panel, which would squeeze the side docks shut.
class PanelHeader : public QToolButton {
public:
    using QToolButton::QToolButton;
    QSize sizeHint() const override { return {kMinWidth, QToolButton::sizeHint().height()}; }
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent*) override {
        QStylePainter p(this);
        QStyleOptionToolButton option;
        initStyleOption(&option);
        option.text = fontMetrics().elidedText(text(), Qt::ElideRight, std::max(0, width() - kTextPadding));
        p.drawComplexControl(QStyle::CC_ToolButton, option);
    }

private:
    static constexpr int kMinWidth = 80;
    static constexpr int kTextPadding = 20;  // the style sheet's 8 px each side, and a little more
};

}  // namespace

/// One panel: a header (its label; click to select) over a plane.
struct CompareArea::Slot {
    QWidget* cell = nullptr;
    QToolButton* header = nullptr;
    PlaneView* view = nullptr;                // panel 0: the window's
    ExplorerController* controller = nullptr;  // panel 0: the window's
    QString presetLabel;                       // the label the panel came with
    SceneSettings presetMethod;                // and the method it had then
    SceneSettings method;                      // its method now (only copyMethod's fields matter)
};

CompareArea::CompareArea(ExplorerController* main, PlaneView* mainView, int workerThreads, QWidget* parent)
    : QWidget(parent), m_main(main), m_mainView(mainView), m_workerThreads(workerThreads) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    m_grid = new QGridLayout;
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(2);
    outer->addLayout(m_grid, 1);
    m_readout = new QLabel(this);
    m_readout->setObjectName(QStringLiteral("compareAgreement"));
    m_readout->setContentsMargins(8, 3, 8, 3);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    m_readout->setToolTip(
        tr("Marginal agreement at the current t: the energy distance (docs/maths.md §9) between panel 1's particle cloud\n"
           "and each other panel's, from the first %1 particles of each. Panels that carry the same marginal ρ_t\n"
           "(e.g. the ODE and SDEs of any ε) stay near the sampling noise: the distance between two independent\n"
           "halves of panel 1's particles at the same size.")
            .arg(kAgreementPoints));
    m_readout->hide();
    m_legend = new QLabel(this);
    m_legend->setObjectName(QStringLiteral("compareLegend"));
    m_legend->setContentsMargins(4, 2, 4, 2);
    m_legend->hide();
    m_legendRenderer = std::make_unique<FrameRenderer>();
    auto* bottom = new QHBoxLayout;
    bottom->setContentsMargins(0, 0, 0, 0);
    bottom->addWidget(m_legend, 0, Qt::AlignTop);
    bottom->addWidget(m_readout, 1);
    outer->addLayout(bottom);
    m_headers = new QButtonGroup(this);
    m_headers->setExclusive(true);
    connect(m_headers, &QButtonGroup::idClicked, this, &CompareArea::select);

    m_agreementTimer = new QTimer(this);
    m_agreementTimer->setSingleShot(true);
    m_agreementTimer->setInterval(kAgreementMs);
    connect(m_agreementTimer, &QTimer::timeout, this, &CompareArea::requestAgreement);
    m_jobs = std::make_unique<JobQueue>(QStringLiteral("agreement"));

    // Panel 1's header follows the window's controller like the others follow theirs.
    connect(main, &ExplorerController::statusChanged, this, &CompareArea::updateHeaders);
    // What the legend lists (layers, particles, names) changes with panel 0's content.
    connect(main, &ExplorerController::contentChanged, this, &CompareArea::refreshLegend);
    ComparePanel first{tr("panel 1"), main->settings().scene, nullptr};
    addSlot(first);
    relayout();
}

// Panel 0's plane lives in panel 0's cell and goes with it, as it went with the central widget.
CompareArea::~CompareArea() = default;

int CompareArea::layoutCells() const { return panelCount() == 1 ? 1 : panelCount() == 2 ? 2 : 4; }

void CompareArea::addSlot(const ComparePanel& panel) {
    auto slot = std::make_unique<Slot>();
    const int index = int(m_slots.size());
    slot->cell = new QWidget(this);
    auto* box = new QVBoxLayout(slot->cell);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(0);
    slot->header = new PanelHeader(slot->cell);
    slot->header->setCheckable(true);
    slot->header->setAutoRaise(true);
    slot->header->setToolButtonStyle(Qt::ToolButtonTextOnly);
    slot->header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    slot->header->setObjectName(QStringLiteral("compareHeader%1").arg(index + 1));
    slot->header->setStyleSheet(QStringLiteral("QToolButton { padding: 3px 8px; text-align: left; }"
                                               "QToolButton:checked { background: palette(highlight);"
                                               " color: palette(highlighted-text); }"));
    m_headers->addButton(slot->header, index);
    box->addWidget(slot->header);
    slot->presetLabel = panel.label;
    slot->presetMethod = panel.scene;
    slot->method = panel.scene;
    if (index == 0) {
        slot->controller = m_main;
        slot->view = m_mainView;
        m_mainView->setParent(slot->cell);
    } else {
        slot->controller = new ExplorerController(this);
        slot->controller->setWorkerThreads(m_workerThreads);
        slot->view = new PlaneView(slot->cell);
        slot->view->setObjectName(QStringLiteral("comparePlane%1").arg(index + 1));
        slot->controller->setViewportSize(m_mainView->size());
        ExplorerController* c = slot->controller;
        PlaneView* v = slot->view;
        connect(v, &PlaneView::resized, c, &ExplorerController::setViewportSize);
        connect(v, &PlaneView::cameraChanged, this, &CompareArea::cameraEdited);
        connect(v, &PlaneView::pinRequested, this, &CompareArea::pinRequested);
        connect(v, &PlaneView::pinCleared, this, &CompareArea::pinCleared);
        connect(c, &ExplorerController::contentChanged, this, [this, c, v] {
            v->setFrame(c->frameAt(m_t));
            scheduleAgreement();
        });
        connect(c, &ExplorerController::statusChanged, this, &CompareArea::updateHeaders);
    }
    box->addWidget(slot->view, 1);
    slot->view->show();
    m_slots.push_back(std::move(slot));
}

void CompareArea::removeSlotsFrom(int first) {
    while (int(m_slots.size()) > std::max(first, 1)) {
        std::unique_ptr<Slot> slot = std::move(m_slots.back());
        m_slots.pop_back();
        m_headers->removeButton(slot->header);
        slot->controller->deleteLater();
        slot->cell->deleteLater();
        slot->cell->hide();
        m_grid->removeWidget(slot->cell);
    }
}

void CompareArea::relayout() {
    for (const auto& slot : m_slots) m_grid->removeWidget(slot->cell);
    const int columns = panelCount() == 1 ? 1 : 2;
    for (int i = 0; i < panelCount(); ++i) m_grid->addWidget(m_slots[std::size_t(i)]->cell, i / columns, i % columns);
    for (int r = 0; r < 2; ++r) m_grid->setRowStretch(r, r == 0 || panelCount() > 2 ? 1 : 0);
    for (int c = 0; c < 2; ++c) m_grid->setColumnStretch(c, c == 0 || panelCount() > 1 ? 1 : 0);
    const bool compare = panelCount() > 1;
    for (const auto& slot : m_slots) slot->header->setVisible(compare);
    m_readout->setVisible(compare);
    if (m_selected >= panelCount()) m_selected = 0;
    updateTextReference();
    for (const auto& slot : m_slots) slot->view->setLegendShown(!compare);
    refreshLegend();
    updateHeaders();
}

void CompareArea::refreshLegend() {
    QImage image;
    if (panelCount() > 1) {
        // At the single view's size: drawn for the whole area, with the presenter's boost.
        FrameData f = m_main->frameAt(m_t);
        f.textScale = PlaneView::boostedTextScale(f.textScale, m_mainView->textBoost());
        image = m_legendRenderer->renderLegend(size(), f);
    }
    m_legend->setVisible(!image.isNull());
    if (image == m_legendImage) return;
    m_legendImage = image;
    m_legend->setPixmap(QPixmap::fromImage(image));
}

void CompareArea::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    updateTextReference();
    refreshLegend();
}

void CompareArea::updateTextReference() {
    // A panel's text is the single view's size: the whole area is what one panel would fill.
    const QSize whole = panelCount() > 1 ? size() : QSize();
    for (const auto& slot : m_slots) slot->view->setTextReferenceSize(whole);
}

bool CompareArea::setPanels(const std::vector<ComparePanel>& panels, QString* error) {
    if (panels.empty() || panels.size() > 4) {
        if (error) *error = tr("a comparison has 1 to 4 panels");
        return false;
    }
    // Panel 0 keeps the window's controller; its label and method come along.
    Slot& first = *m_slots.front();
    first.presetLabel = panels.front().label;
    first.presetMethod = m_main->settings().scene;
    first.method = m_main->settings().scene;
    removeSlotsFrom(1);
    bool ok = true;
    for (std::size_t i = 1; i < panels.size(); ++i) {
        addSlot(panels[i]);
        QString e;
        if (!setPanelMethod(int(i), panels[i].scene, &e) && ok) {
            ok = false;
            if (error) *error = e;
        }
    }
    relayout();
    select(0);
    showTime(m_t, m_heading);
    scheduleAgreement();
    return ok;
}

std::vector<ComparePanel> CompareArea::panels() const {
    std::vector<ComparePanel> out;
    for (int i = 0; i < panelCount(); ++i) {
        const Slot& slot = *m_slots[std::size_t(i)];
        const SceneSettings scene = panelSettings(i).scene;
        out.push_back({sameMethod(scene, slot.presetMethod) ? slot.presetLabel : methodLabel(scene), scene,
                       scene.fieldMode == FieldMode::Learned ? slot.controller->learnedField() : nullptr});
    }
    return out;
}

ExplorerSettings CompareArea::panelSettings(int panel) const {
    ExplorerSettings s = m_main->settings();
    if (panel > 0 && panel < panelCount()) s.scene = withMethod(s.scene, m_slots[std::size_t(panel)]->method);
    return s;
}

bool CompareArea::setPanelMethod(int panel, const SceneSettings& method, QString* error) {
    if (panel <= 0 || panel >= panelCount()) {
        if (error) *error = tr("no panel %1 to set a method on").arg(panel + 1);
        return false;
    }
    Slot& slot = *m_slots[std::size_t(panel)];
    ExplorerSettings s = m_main->settings();
    s.scene = withMethod(s.scene, method);
    if (!slot.controller->apply(s)) {
        if (error) *error = tr("panel %1: %2").arg(panel + 1).arg(slot.controller->status().error);
        updateHeaders();
        return false;
    }
    slot.method = s.scene;
    giveLearnedField(*slot.controller);
    updateHeaders();
    return true;
}

void CompareArea::syncShared() {
    if (!m_slots.empty()) m_slots.front()->method = m_main->settings().scene;
    for (int i = 1; i < panelCount(); ++i) setPanelMethod(i, m_slots[std::size_t(i)]->method);
    setCamera(m_main->settings().view.camera);
    updateHeaders();
}

void CompareArea::select(int panel) {
    if (panel < 0 || panel >= panelCount()) return;
    const bool changed = panel != m_selected;
    m_selected = panel;
    updateHeaders();
    if (changed) emit selectionChanged(panel);
}

void CompareArea::updateHeaders() {
    const std::vector<ComparePanel> current = panels();
    for (int i = 0; i < panelCount(); ++i) {
        Slot& slot = *m_slots[std::size_t(i)];
        const ExplorerStatus& st = slot.controller->status();
        QString text = QStringLiteral("%1 · %2").arg(i + 1).arg(current[std::size_t(i)].label);
        if (!st.error.isEmpty()) text += QStringLiteral("  ⚠ ") + st.error;
        else if (st.simulating) text += tr("  · simulating… %1 %").arg(int(100 * st.progress));
        slot.header->setText(text);
        slot.header->setToolTip(tr("Panel %1: %2\nClick to select it: the “Interpolant and field” and “Sampler” docks "
                                   "then edit this panel's method.\nDensities, seed, particles, view and camera are "
                                   "shared by all panels.")
                                    .arg(i + 1)
                                    .arg(current[std::size_t(i)].label));
        slot.header->setChecked(i == m_selected);
    }
}

void CompareArea::showTime(double t, int heading) {
    m_t = t;
    m_heading = heading;
    for (int i = 1; i < panelCount(); ++i) {
        Slot& slot = *m_slots[std::size_t(i)];
        slot.controller->setPlayhead(t, heading);
        slot.view->setFrame(slot.controller->frameAt(t));
    }
    scheduleAgreement();
}

void CompareArea::setCamera(const Camera& camera) {
    for (int i = 1; i < panelCount(); ++i) m_slots[std::size_t(i)]->controller->setCamera(camera);
}

void CompareArea::pin(QPointF world, double t) {
    for (int i = 1; i < panelCount(); ++i) m_slots[std::size_t(i)]->controller->pin(world, t);
}

void CompareArea::clearPin() {
    for (int i = 1; i < panelCount(); ++i) m_slots[std::size_t(i)]->controller->clearPin();
}

void CompareArea::setLearnedField(std::shared_ptr<const core::FieldSource> field, bool live) {
    m_learned = std::move(field);
    m_learnedLive = live;
    for (int i = 1; i < panelCount(); ++i) giveLearnedField(*m_slots[std::size_t(i)]->controller);
}

void CompareArea::giveLearnedField(ExplorerController& c) {
    // The network was trained for panel 0's densities and interpolant: it fits only those.
    const bool fits = c.settings().scene.fieldMode == FieldMode::Learned &&
                      !trainingSceneChanged(c.settings().scene, m_main->settings().scene);
    std::shared_ptr<const core::FieldSource> field = fits ? m_learned : nullptr;
    if (field != c.learnedField()) c.setLearnedField(std::move(field), m_learnedLive);
}

ExplorerController& CompareArea::controller(int panel) const { return *m_slots.at(std::size_t(panel))->controller; }

PlaneView& CompareArea::view(int panel) const { return *m_slots.at(std::size_t(panel))->view; }

bool CompareArea::isReady(double t) const {
    for (const auto& slot : m_slots)
        if (!slot->controller->isReady(t)) return false;
    return true;
}

void CompareArea::scheduleAgreement() {
    if (panelCount() > 1 && !m_agreementTimer->isActive()) m_agreementTimer->start();
}

std::vector<std::shared_ptr<const ParticleTracks>> CompareArea::panelTracks() const {
    std::vector<std::shared_ptr<const ParticleTracks>> tracks;
    // The particles each plane shows now (at m_t): no need to assemble a frame just for them.
    for (const auto& slot : m_slots) tracks.push_back(slot->view->frame().tracks);
    return tracks;
}

void CompareArea::updateAgreement() {
    if (panelCount() < 2) return;
    ++m_agreementGeneration;  // a result still on its way is older than this one
    showAgreement(marginalAgreement(panelTracks(), m_t, kAgreementPoints, 1), m_t);
}

void CompareArea::requestAgreement() {
    if (panelCount() < 2) return;
    const quint64 generation = ++m_agreementGeneration;
    const double t = m_t;
    // ~20 ms of energy distances: on a worker, so the panels keep their frame rate.
    m_jobs->submit([this, generation, t, tracks = panelTracks()](const JobQueue::CancelFlag& cancelled) {
        MarginalAgreement a = marginalAgreement(tracks, t, kAgreementPoints, 1);
        if (cancelled.load()) return;
        QMetaObject::invokeMethod(
            this,
            [this, generation, t, a = std::move(a)] {
                if (generation == m_agreementGeneration) showAgreement(a, t);
            },
            Qt::QueuedConnection);
    });
}

void CompareArea::showAgreement(const MarginalAgreement& agreement, double t) {
    m_agreement = agreement;
    m_agreementT = t;
    m_readout->setText(agreementText());
}

QString CompareArea::agreementText() const {
    // Image grids have no 2D particle clouds to compare: say what the panels share instead.
    if (m_main->settings().scene.isImages())
        return tr("Every panel starts from the same noise (seed %1): what differs between the grids is the method's doing")
            .arg(m_main->settings().scene.seed);
    QStringList parts;
    const double noise = m_agreement.noise;
    for (std::size_t i = 1; i < m_agreement.distance.size(); ++i) {
        const double d = m_agreement.distance[i];
        if (std::isnan(d)) {
            parts << tr("#%1 —").arg(i + 1);
            continue;
        }
        // Within three times the sampling noise counts as the same marginal.
        const bool same = !std::isnan(noise) && d <= kSameWithinNoise * std::max(noise, 1e-4);
        // The unbiased estimate can dip below 0 by the noise; show it as 0.
        parts << tr("#%1 <b>%2</b> %3").arg(i + 1).arg(std::max(d, 0.0), 0, 'f', 4)
                     .arg(same ? tr("same") : tr("differs"));
    }
    return tr("Marginals at t = %1 — energy distance to panel 1: %2 · sampling noise ≈ %3")
        .arg(m_agreementT, 0, 'f', 2)
        .arg(parts.join(QStringLiteral(" · ")))
        .arg(std::isnan(noise) ? QStringLiteral("—") : QString::number(noise, 'f', 4));
}

}  // namespace flowlab::ui
