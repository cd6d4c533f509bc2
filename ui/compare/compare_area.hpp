#pragma once

#include <QImage>
#include <QPointF>
#include <QWidget>

#include <memory>
#include <vector>

#include "plane/plane_view.hpp"
#include "state/compare_layout.hpp"
#include "state/explorer_settings.hpp"
#include "view/compare_renderer.hpp"

class QButtonGroup;
class QLabel;
class QTimer;
class QToolButton;

namespace flowlab::core {
class FieldSource;
}

namespace flowlab::ui {

class ExplorerController;
class JobQueue;

/// The plane area of the window: one panel, two side by side, or 2×2. Panel 0 is the window's
/// own controller and plane; panels 1–3 have their own ExplorerController (and workers) and
/// PlaneView. Every panel has its own method (interpolant, γ, field source, sampler, ε) and
/// shares the rest with panel 0: densities, seed (common random numbers), particles, steps,
/// direction, view layers and camera. One clock drives all (showTime), pan and zoom in any panel
/// moves all, and a readout under the panels gives their marginal agreement at the t it states
/// (the clock's once computed; while the clock has moved on it says so).
///
/// Selecting a panel (its header) makes the window's method and sampler docks edit it.
///
/// With two or more panels the area is laid out and drawn by CompareRenderer, the compositor
/// that also draws exported comparisons: its geometry places the headers (caption strips: the
/// panel's label and its typeset formula, which no longer lies in the plane), the planes, the
/// shared legend and the readout, and the planes' frames are drawn by it on
/// parallel threads (every panel that changed, at the first plane painted in a repaint).
class CompareArea : public QWidget {
    Q_OBJECT
public:
    /// `main` and `mainView` are panel 0 (not owned); `workerThreads` as ExplorerController's.
    CompareArea(ExplorerController* main, PlaneView* mainView, int workerThreads, QWidget* parent = nullptr);
    ~CompareArea() override;

    /// 1 to 4.
    int panelCount() const { return int(m_slots.size()); }
    /// 1, 2 or 4: the cells of the layout (3 panels use the 2×2 layout with one cell empty).
    int layoutCells() const;
    int selected() const { return m_selected; }
    void select(int panel);

    /// Sets the panels. panels[0]'s method must already be in effect on panel 0 (the window
    /// applies it, so its docks, training and status follow); panels 1.. get their method on
    /// top of panel 0's shared settings. One panel = the plain single view. An error (an invalid
    /// method) names the panel and leaves that panel as it was.
    bool setPanels(const std::vector<ComparePanel>& panels, QString* error = nullptr);
    /// The current panels (labels and complete scene settings), e.g. for exporting the layout.
    std::vector<ComparePanel> panels() const;
    /// Panel i's complete settings: panel 0's with panel i's method.
    ExplorerSettings panelSettings(int panel) const;
    /// Gives panel i ≥ 1 a new method (from the docks); false with the reason when refused.
    bool setPanelMethod(int panel, const SceneSettings& method, QString* error = nullptr);
    /// Panel 0's settings changed: the other panels take over what they share with it.
    void syncShared();

    /// The one clock: shows time t in every panel (panel 0 is the window's business).
    void showTime(double t, int heading);
    void setCamera(const Camera& camera);
    void pin(QPointF world, double t);
    void clearPin();
    /// The learned field of panel 0, used by every panel whose interpolant is panel 0's (the
    /// network was trained for that interpolant; other panels show that they need their own).
    void setLearnedField(std::shared_ptr<const core::FieldSource> field, bool live);

    /// Redraws the legend the panels share below them (the window calls it when the presenter's
    /// text boost changes); hidden in the single view, whose plane draws its own.
    void refreshLegend();
    /// The shared legend as last drawn (null in the single view).
    const QImage& legendImage() const { return m_legendImage; }
    /// Where the compositor puts everything in the area (meaningful with two or more panels).
    const CompareGeometry& geometry() const { return m_geometry; }
    /// The text scale of the comparison: panel 0's, with the presenter's boost.
    double textScale() const;
    /// Panel i's header text: its caption (CompareRenderer::captionText) and its status.
    QString headerText(int panel) const;
    /// The formula panel i's header draws under its label (CompareRenderer::stripFormula of
    /// its plane's frame; empty for none).
    QString headerFormula(int panel) const;
    /// Threads drawing the panels' frames (1: one after another on the GUI thread).
    void setRenderThreads(int threads);
    int renderThreads() const { return m_renderer.threads(); }

    ExplorerController& controller(int panel) const;
    PlaneView& view(int panel) const;
    /// True when every panel is ready at t.
    bool isReady(double t) const;

    /// The readout's figures: those of the particles at agreementTime(), which is the clock's
    /// t but while they are recomputed for it (on a worker, one computation at a time, at most
    /// one every kAgreementMs).
    const MarginalAgreement& agreement() const { return m_agreement; }
    /// The t the figures belong to; the readout states it, and the clock's t when that differs.
    double agreementTime() const { return m_agreementT; }
    QString agreementText() const;
    /// Recomputes the agreement now, on the calling thread (tests, screenshots).
    void updateAgreement();
    static constexpr int kAgreementMs = 250;  // ~30 ms of work on the other core, four times a second at most
    /// Points per panel in the readout's energy distances (cost ∝ points²; ~5 ms per distance here).
    static constexpr int kAgreementPoints = 1000;
    /// A panel whose distance is within this many times the noise floor reads "(same)".
    static constexpr double kSameWithinNoise = 3.0;

signals:
    void selectionChanged(int panel);
    /// Pan or zoom in a panel other than 0 (panel 0's view reports its own).
    void cameraEdited(const flowlab::ui::Camera& camera);
    void pinRequested(QPointF world);
    void pinCleared();

protected:
    void resizeEvent(QResizeEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    struct Slot;
    /// Gives every panel the whole area as its text reference (none in the single view).
    void updateTextReference();
    void addSlot(const ComparePanel& panel);
    void removeSlotsFrom(int first);
    void relayout();
    /// Puts the headers, planes and readout where m_geometry says; repaints the chrome.
    void placeChildren();
    /// Panel i's drawn frame for its plane's paintEvent: first draws, in parallel, every panel
    /// whose content or size changed since it was last drawn.
    PlaneView::Painted paintedPanel(int panel);
    void updateHeaders();
    /// Gives every header its plane's formula; lays the area out again when the strips gain or
    /// lose their formula row.
    void updateFormulas();
    void scheduleAgreement();
    void requestAgreement();
    std::vector<std::shared_ptr<const ParticleTracks>> panelTracks() const;
    void showAgreement(const MarginalAgreement& agreement, double t);
    void giveLearnedField(ExplorerController& controller);

    ExplorerController* m_main = nullptr;
    PlaneView* m_mainView = nullptr;
    int m_workerThreads = 1;
    std::vector<std::unique_ptr<Slot>> m_slots;
    QButtonGroup* m_headers = nullptr;
    QLabel* m_readout = nullptr;
    QImage m_legendImage;  // the panels' shared legend: outside them, it covers no data
    CompareRenderer m_renderer;
    CompareGeometry m_geometry;
    double m_placedScale = 0.0;  // the text scale m_geometry was laid out for
    bool m_formulaRow = false;   // the caption strips have a formula row (a panel shows a formula)
    bool m_placedFormulaRow = false;
    QTimer* m_agreementTimer = nullptr;
    int m_selected = 0;
    double m_t = 0.0;
    int m_heading = 1;
    MarginalAgreement m_agreement;
    std::shared_ptr<const core::FieldSource> m_learned;
    bool m_learnedLive = false;
    double m_agreementT = 0.0;
    quint64 m_agreementGeneration = 0;
    bool m_agreementDirty = false;     // t or the panels changed since the last request
    bool m_agreementInFlight = false;  // a request is computing on the worker
    std::unique_ptr<JobQueue> m_jobs;  // last: joined before the rest goes
};

}  // namespace flowlab::ui
