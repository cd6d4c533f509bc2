#include "main/density_editor.hpp"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QUndoStack>

#include <cmath>

#include "density/raster_mixture.hpp"
#include "scene/scene.hpp"
#include "state/drawing_edit_command.hpp"

namespace flowlab::ui {

DensityEditor::DensityEditor(const QString& folder, QObject* parent) : QObject(parent), m_files(folder) {
    m_undo = new QUndoStack(this);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &DensityEditor::convertNow);
}

DensityEditor::~DensityEditor() {
    for (RoleState& st : m_states) st.latest->store(-1);
}

void DensityEditor::setRole(DensityRole role) {
    if (m_stroking) endStroke();
    const bool switched = role != m_role;
    m_role = role;
    if (switched) emit roleChanged(role);
    seedIfStale(role);
    emit drawingChanged();
}

void DensityEditor::seedIfStale(DensityRole role) {
    if (!m_lookup.spec || !m_lookup.seed) return;
    RoleState& st = m_states[index(role)];
    if (st.pending) return;  // unconverted edits are the user's work: never replace them
    const QString spec = m_lookup.spec(role);
    if (spec == st.shownSpec) return;
    st.shownSpec = spec;
    // Not an undoable edit: it is where this drawing starts, so undo comes back to it.
    const core::Raster blank = DensityDrawing().raster();
    auto seed = m_lookup.seed(role, blank);
    st.drawing.setRaster(seed ? std::move(*seed) : blank);
}

void DensityEditor::applyRaster(DensityRole role, const core::Raster& raster) {
    RoleState& st = m_states[index(role)];
    st.drawing.setRaster(raster);
    st.pending = true;
    if (role != m_role) {
        // Undo of an edit of the other density: show what is being undone.
        m_role = role;
        emit roleChanged(role);
    }
    emit drawingChanged();
    m_debounce->start();
}

void DensityEditor::pushEdit(const QString& text, const core::Raster& before) {
    const DensityRole role = m_role;
    // The drawing already holds the new state; redo on push re-applies it unchanged.
    m_undo->push(new DrawingEditCommand(text, before, state().drawing.raster(),
                                        [this, role](const core::Raster& r) { applyRaster(role, r); }));
}

void DensityEditor::edited() {
    state().pending = true;
    emit drawingChanged();
    m_debounce->start();
}

void DensityEditor::beginStroke(QPointF world) {
    m_strokeStart = state().drawing.raster();
    m_stroking = true;
    m_last = world;
    if (state().drawing.dab(world, m_brush)) emit drawingChanged();
}

void DensityEditor::continueStroke(QPointF world) {
    if (!m_stroking) return;
    // Dabs a quarter of the radius apart, so fast strokes stay continuous.
    const double step = std::max(0.25 * m_brush.radius, 1e-3);
    const QPointF d = world - m_last;
    const int n = std::max(1, int(std::ceil(std::hypot(d.x(), d.y()) / step)));
    bool changed = false;
    for (int i = 1; i <= n; ++i) changed = state().drawing.dab(m_last + d * (double(i) / n), m_brush) || changed;
    m_last = world;
    if (changed) emit drawingChanged();
}

void DensityEditor::endStroke() {
    if (!m_stroking) return;
    m_stroking = false;
    if (m_strokeStart.values == state().drawing.raster().values) return;  // nothing painted
    pushEdit(m_brush.erase ? tr("Erase") : tr("Paint"), m_strokeStart);
    edited();
}

void DensityEditor::fill() {
    const core::Raster before = state().drawing.raster();
    state().drawing.fill(m_brush.strength);
    pushEdit(tr("Fill"), before);
    edited();
}

void DensityEditor::clear() {
    const core::Raster before = state().drawing.raster();
    state().drawing.clear();
    pushEdit(tr("Clear"), before);
    edited();
}

void DensityEditor::convertNow() {
    m_debounce->stop();
    bool any = false;
    for (DensityRole role : {DensityRole::Base, DensityRole::Target}) {
        if (!m_states[index(role)].pending) continue;
        convert(role);
        any = true;
    }
    if (!any) convert(m_role);
}

void DensityEditor::discardPendingConversions() {
    m_debounce->stop();
    for (RoleState& st : m_states) {
        st.pending = false;
        st.latest->store(++m_serial);  // a running conversion is now superseded: it reports nothing
    }
}

QStringList DensityEditor::pruneFiles() const {
    QStringList used;
    if (m_lookup.spec) used << m_lookup.spec(DensityRole::Base) << m_lookup.spec(DensityRole::Target);
    return m_files.prune(used);
}

void DensityEditor::convert(DensityRole role) {
    RoleState& st = m_states[index(role)];
    st.pending = false;
    const core::Raster raster = st.drawing.raster();
    if (raster.isEmpty()) {
        emit refused(tr("The drawing is empty: paint some mass first. The previous density stays."));
        return;
    }
    const int serial = ++m_serial;
    st.latest->store(serial);
    const QString path = m_files.nextPath(role);
    const QString spec =
        QStringLiteral("scene:%1#%2").arg(path, role == DensityRole::Base ? QStringLiteral("base") : QStringLiteral("target"));
    QPointer<DensityEditor> self(this);
    auto latest = st.latest;
    // The conversion (k-means reduction and the error estimate) runs off the GUI thread; only
    // the newest request of each role is reported. The file keeps the raster itself, so a scene
    // saved from it stores the drawing, editable, rather than its mixture.
    QThreadPool::globalInstance()->start([self, latest, serial, role, raster, path, spec] {
        const core::RasterMixtureOptions conversion;
        auto mixture = core::rasterToMixture(raster, conversion);
        QString error;
        int components = 0;
        double approx = 0.0;
        if (!mixture) {
            error = QString::fromStdString(mixture.message());
        } else {
            components = int(mixture->mixture.size());
            approx = mixture->approximationError;
            core::Scene scene;
            scene.title = "drawing";
            scene.base = core::DensitySource::fromRaster(raster, conversion);
            scene.target = scene.base;
            if (latest->load() != serial) return;  // superseded: write nothing
            if (auto st = core::saveSceneFile(scene, path.toStdString()); !st) error = QString::fromStdString(st.message());
        }
        if (latest->load() != serial) return;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, serial, latest, role, spec, error, components, approx] {
                if (!self || latest->load() != serial) return;
                if (!error.isEmpty()) {
                    emit self->refused(error);
                    return;
                }
                self->m_states[index(role)].shownSpec = spec;
                emit self->densityReady(role, spec, components, approx);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace flowlab::ui
