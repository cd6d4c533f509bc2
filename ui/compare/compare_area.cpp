#include "compare/compare_area.hpp"

#include <QButtonGroup>
#include <QLabel>
#include <QPainter>
#include <QResizeEvent>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <cmath>

#include "common/parallel.hpp"
#include "main/explorer_controller.hpp"
#include "view/theme.hpp"
#include "worker/job_queue.hpp"

namespace flowlab::ui {
namespace {

/// A panel header: the compositor's caption strip (CompareRenderer::drawCaption), clickable to
/// select the panel. It never asks for the width of its text: a long label (or an error) is
/// elided instead of widening the panel, which would squeeze the side docks shut.
class PanelHeader : public QToolButton {
public:
    using QToolButton::QToolButton;
    QSize sizeHint() const override { return {kMinWidth, QToolButton::sizeHint().height()}; }
    QSize minimumSizeHint() const override { return sizeHint(); }
    void setLook(std::shared_ptr<const Theme> theme, const QFont& font, const QFont& formulaFont) {
        m_theme = std::move(theme);
        m_font = font;
        m_formulaFont = formulaFont;
        update();
    }
    /// The panel's formula (CompareRenderer::stripFormula of its frame), drawn under its label.
    void setFormula(const QString& formula) {
        if (formula == m_formula) return;
        m_formula = formula;
        update();
    }
    const QString& formula() const { return m_formula; }

protected:
    void paintEvent(QPaintEvent*) override {
        static const Theme kFallback = Theme::dark();
        QPainter p(this);
        CompareRenderer::drawCaption(p, rect(), text(), m_formula, m_theme ? *m_theme : kFallback, m_font, m_formulaFont,
                                     isChecked());
    }

private:
    static constexpr int kMinWidth = 80;
    std::shared_ptr<const Theme> m_theme;
    QFont m_font, m_formulaFont;
    QString m_formula;
};

const Theme& fallbackTheme() {
    static const Theme kFallback = Theme::dark();
    return kFallback;
}

}  // namespace

/// One panel: a header (its label; click to select) over a plane.
struct CompareArea::Slot {
    QToolButton* header = nullptr;
    PlaneView* view = nullptr;                // panel 0: the window's
    ExplorerController* controller = nullptr;  // panel 0: the window's
    QString presetLabel;                       // the label the panel came with
    SceneSettings presetMethod;                // and the method it had then
    SceneSettings method;                      // its method now (only copyMethod's fields matter)
    quint64 drawnVersion = ~quint64(0);        // the view's content the compositor last drew
    QSize drawnSize;
};

CompareArea::CompareArea(ExplorerController* main, PlaneView* mainView, int workerThreads, QWidget* parent)
    : QWidget(parent), m_main(main), m_mainView(mainView), m_workerThreads(workerThreads) {
    m_readout = new QLabel(this);
    m_readout->setObjectName(QStringLiteral("compareAgreement"));
    m_readout->setContentsMargins(0, 0, 0, 0);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    m_readout->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_readout->setToolTip(
        tr("Marginal agreement at the current t: the energy distance (docs/maths.md §9) between panel 1's particle cloud\n"
           "and each other panel's, from the first %1 particles of each. Panels that carry the same marginal ρ_t\n"
           "(e.g. the ODE and SDEs of any ε) stay near the sampling noise: the distance between two independent\n"
           "halves of panel 1's particles at the same size.")
            .arg(kAgreementPoints));
    m_readout->hide();
    // Two cores: two panels each (measured against one thread in the README's speed table).
    m_renderer.setThreads(std::min(2, core::hardwareThreads()));
    m_headers = new QButtonGroup(this);
    m_headers->setExclusive(true);
    connect(m_headers, &QButtonGroup::idClicked, this, &CompareArea::select);

    m_agreementTimer = new QTimer(this);
    m_agreementTimer->setSingleShot(true);
    m_agreementTimer->setInterval(kAgreementMs);
    connect(m_agreementTimer, &QTimer::timeout, this, [this] {
        if (m_agreementDirty && !m_agreementInFlight) requestAgreement();
    });
    m_jobs = std::make_unique<JobQueue>(QStringLiteral("agreement"));

    // Panel 1's header follows the window's controller like the others follow theirs.
    connect(main, &ExplorerController::statusChanged, this, &CompareArea::updateHeaders);
    // What the legend lists (layers, particles, names) changes with panel 0's content.
    connect(main, &ExplorerController::contentChanged, this, &CompareArea::refreshLegend);
    ComparePanel first{tr("panel 1"), main->settings().scene, nullptr};
    addSlot(first);
    relayout();
}

// Panel 0's plane is a child of the area and goes with it, as it went with the central widget.
CompareArea::~CompareArea() = default;

int CompareArea::layoutCells() const { return panelCount() == 1 ? 1 : panelCount() == 2 ? 2 : 4; }

void CompareArea::setRenderThreads(int threads) {
    m_renderer.setThreads(threads);
    for (const auto& slot : m_slots) {
        slot->drawnVersion = ~quint64(0);  // drawn again, by the new threads
        slot->view->update();
    }
}

double CompareArea::textScale() const {
    return PlaneView::boostedTextScale(m_mainView->frame().textScale, m_mainView->textBoost());
}

void CompareArea::addSlot(const ComparePanel& panel) {
    auto slot = std::make_unique<Slot>();
    const int index = int(m_slots.size());
    slot->header = new PanelHeader(this);
    slot->header->setCheckable(true);
    slot->header->setAutoRaise(true);
    slot->header->setToolButtonStyle(Qt::ToolButtonTextOnly);
    slot->header->setObjectName(QStringLiteral("compareHeader%1").arg(index + 1));
    m_headers->addButton(slot->header, index);
    slot->presetLabel = panel.label;
    slot->presetMethod = panel.scene;
    slot->method = panel.scene;
    if (index == 0) {
        slot->controller = m_main;
        slot->view = m_mainView;
        m_mainView->setParent(this);
    } else {
        slot->controller = new ExplorerController(this);
        slot->controller->setWorkerThreads(m_workerThreads);
        slot->view = new PlaneView(this);
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
            updateFormulas();
            scheduleAgreement();
        });
        connect(c, &ExplorerController::statusChanged, this, &CompareArea::updateHeaders);
    }
    slot->view->show();
    m_slots.push_back(std::move(slot));
}

void CompareArea::removeSlotsFrom(int first) {
    while (int(m_slots.size()) > std::max(first, 1)) {
        std::unique_ptr<Slot> slot = std::move(m_slots.back());
        m_slots.pop_back();
        m_headers->removeButton(slot->header);
        slot->view->setPaintSource({});
        slot->controller->deleteLater();
        for (QWidget* w : {static_cast<QWidget*>(slot->header), static_cast<QWidget*>(slot->view)}) {
            w->hide();
            w->deleteLater();
        }
    }
}

void CompareArea::relayout() {
    const bool compare = panelCount() > 1;
    for (int i = 0; i < panelCount(); ++i) {
        Slot& slot = *m_slots[std::size_t(i)];
        slot.header->setVisible(compare);
        slot.drawnVersion = ~quint64(0);
        // In a comparison the compositor draws every plane at once; the single view draws itself.
        if (compare)
            slot.view->setPaintSource([this, i] { return paintedPanel(i); });
        else
            slot.view->setPaintSource({});
    }
    m_readout->setVisible(compare);
    if (m_selected >= panelCount()) m_selected = 0;
    m_formulaRow = false;
    for (const auto& s : m_slots) {
        const QString formula = CompareRenderer::stripFormula(s->view->frame());
        static_cast<PanelHeader*>(s->header)->setFormula(formula);
        m_formulaRow = m_formulaRow || (compare && !formula.isEmpty());
    }
    updateTextReference();
    refreshLegend();
    placeChildren();  // new panels need their places even when the legend stays
    updateHeaders();
}

void CompareArea::refreshLegend() {
    QImage image;
    if (panelCount() > 1) {
        // At the single view's size: drawn for the whole area, with the presenter's boost.
        FrameData f = m_main->frameAt(m_t);
        f.textScale = textScale();
        image = m_renderer.legendImage(size(), f);
    }
    // Panel 0's content changes with every field frame: most leave the legend as it was.
    const bool same = image == m_legendImage && m_geometry.size == size() &&
                      m_geometry.planes.size() == std::size_t(layoutCells()) && m_placedScale == textScale() &&
                      m_placedFormulaRow == m_formulaRow;
    m_legendImage = image;
    if (!same) placeChildren();
}

void CompareArea::placeChildren() {
    m_placedScale = textScale();
    m_placedFormulaRow = m_formulaRow;
    m_geometry = CompareRenderer::layout(size(), layoutCells(), textScale(), m_legendImage.size(), m_formulaRow);
    const FrameData& f0 = m_mainView->frame();
    const std::shared_ptr<const Theme> theme = f0.theme;
    const Theme& th = theme ? *theme : fallbackTheme();
    const QFont captionFont = CompareRenderer::captionFont(size(), textScale());
    const QFont formulaFont = CompareRenderer::formulaFont(size(), textScale());
    for (int i = 0; i < panelCount(); ++i) {
        Slot& slot = *m_slots[std::size_t(i)];
        slot.view->setGeometry(m_geometry.planes[std::size_t(i)]);
        slot.header->setGeometry(m_geometry.captions[std::size_t(i)]);
        static_cast<PanelHeader*>(slot.header)->setLook(theme, captionFont, formulaFont);
    }
    m_readout->setGeometry(m_geometry.readout);
    m_readout->setFont(CompareRenderer::readoutFont(size(), textScale()));
    QPalette pal = m_readout->palette();
    pal.setColor(QPalette::WindowText, th.text);
    m_readout->setPalette(pal);
    update();
}

void CompareArea::paintEvent(QPaintEvent*) {
    if (panelCount() < 2) return;
    const FrameData& f0 = m_mainView->frame();
    QPainter p(this);
    CompareRenderer::drawChrome(p, m_geometry, f0.theme ? *f0.theme : fallbackTheme(), m_legendImage);
}

PlaneView::Painted CompareArea::paintedPanel(int panel) {
    const double dpr = devicePixelRatioF();
    std::vector<CompareRenderer::PanelJob> jobs;
    for (int i = 0; i < panelCount(); ++i) {
        Slot& slot = *m_slots[std::size_t(i)];
        const QSize px = slot.view->size() * dpr;
        if (slot.view->isHidden() || (slot.drawnVersion == slot.view->contentVersion() && slot.drawnSize == px)) continue;
        // The view's frame as it would draw it alone: boost, caption, panel text (panelFrame).
        jobs.push_back({i, slot.view->shownFrame(), px});
        slot.drawnVersion = slot.view->contentVersion();
        slot.drawnSize = px;
    }
    m_renderer.renderPanels(jobs);
    // The layer times of every panel this paint drew (on the renderer's threads, so their sum
    // can exceed the paint's wall time); a panel whose image was drawn already only copies it.
    FrameRenderer::LayerTimes sum;
    for (const CompareRenderer::PanelJob& job : jobs) sum += m_renderer.panelTimes(job.panel);
    return {&m_renderer.panelImage(panel), sum};
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
    ++m_agreementGeneration;  // figures on their way are the old panels'
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
        QString text = CompareRenderer::captionText(i, current[std::size_t(i)].label);
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
    updateFormulas();
    scheduleAgreement();
    // The readout says when the clock has moved on from the t its figures belong to.
    if (panelCount() > 1 && !m_agreement.distance.empty()) m_readout->setText(agreementText());
}

void CompareArea::updateFormulas() {
    // The formula goes with what the plane shows (its frame), as the compositor's strips do.
    bool any = false;
    for (const auto& slot : m_slots) {
        const QString formula = CompareRenderer::stripFormula(slot->view->frame());
        static_cast<PanelHeader*>(slot->header)->setFormula(formula);
        any = any || !formula.isEmpty();
    }
    any = any && panelCount() > 1;
    if (any != m_formulaRow) {
        m_formulaRow = any;
        placeChildren();
    }
}

QString CompareArea::headerFormula(int panel) const {
    return static_cast<const PanelHeader*>(m_slots.at(std::size_t(panel))->header)->formula();
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

QString CompareArea::headerText(int panel) const { return m_slots.at(std::size_t(panel))->header->text(); }

ExplorerController& CompareArea::controller(int panel) const { return *m_slots.at(std::size_t(panel))->controller; }

PlaneView& CompareArea::view(int panel) const { return *m_slots.at(std::size_t(panel))->view; }

bool CompareArea::isReady(double t) const {
    for (const auto& slot : m_slots)
        if (!slot->controller->isReady(t)) return false;
    return true;
}

void CompareArea::scheduleAgreement() {
    if (panelCount() < 2) return;
    m_agreementDirty = true;
    // One computation at a time, started at once when none runs (the first frame of a move is
    // not kept waiting), at most one per kAgreementMs; a change meanwhile is taken up when the
    // running one reports or the interval ends. A new request never cancels a running one: while
    // playing on a loaded machine every result would be cancelled before it arrived and the
    // readout would stay on an old t.
    if (!m_agreementInFlight && !m_agreementTimer->isActive()) requestAgreement();
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
    m_agreementDirty = false;
    showAgreement(marginalAgreement(panelTracks(), m_t, kAgreementPoints, 1), m_t);
}

void CompareArea::requestAgreement() {
    if (panelCount() < 2) return;
    const quint64 generation = ++m_agreementGeneration;
    const double t = m_t;
    m_agreementDirty = false;
    m_agreementInFlight = true;
    m_agreementTimer->start();
    // ~20 ms of energy distances: on a worker, so the panels keep their frame rate.
    m_jobs->submit([this, generation, t, tracks = panelTracks()](const JobQueue::CancelFlag& cancelled) {
        MarginalAgreement a = marginalAgreement(tracks, t, kAgreementPoints, 1);
        if (cancelled.load()) return;
        QMetaObject::invokeMethod(
            this,
            [this, generation, t, a = std::move(a)] {
                m_agreementInFlight = false;
                // Newer figures (updateAgreement) or another set of panels: this result is stale.
                if (generation == m_agreementGeneration && int(a.distance.size()) == panelCount()) showAgreement(a, t);
                if (m_agreementDirty && !m_agreementTimer->isActive()) requestAgreement();
            },
            Qt::QueuedConnection);
    }, [this](const QString&) {
        // A failed computation frees the slot; the readout keeps the figures of the t it states.
        QMetaObject::invokeMethod(this, [this] { m_agreementInFlight = false; }, Qt::QueuedConnection);
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
    // The figures belong to the t they were computed at (three decimals, as the t readout):
    // while the clock has moved on from it, the readout says so rather than pass them off as now.
    const QString at = QString::number(m_agreementT, 'f', 3);
    const QString clock = QString::number(m_t, 'f', 3);
    const QString behind = at == clock ? QString() : tr(" (the clock is at %1: updating)").arg(clock);
    return tr("Marginals at t = %1%2 — energy distance to panel 1: %3 · sampling noise ≈ %4")
        .arg(at, behind)
        .arg(parts.join(QStringLiteral(" · ")))
        .arg(std::isnan(noise) ? QStringLiteral("—") : QString::number(noise, 'f', 4));
}

}  // namespace flowlab::ui
