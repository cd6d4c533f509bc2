#include "panel/brush_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QUndoStack>

#include "main/density_editor.hpp"
#include "panel/spin_box.hpp"

namespace flowlab::ui {
namespace {

enum Mode { kOff = 0, kBase = 1, kTarget = 2 };

}  // namespace

BrushPanel::BrushPanel(DensityEditor* editor, QWidget* parent) : QWidget(parent), m_editor(editor) {
    const BrushOptions& b = editor->brush();
    m_mode = new QComboBox(this);
    m_mode->addItem(tr("off (pan and pin)"), kOff);
    m_mode->addItem(tr("paint the base ρ₀"), kBase);
    m_mode->addItem(tr("paint the target ρ₁"), kTarget);
    m_mode->setToolTip(tr("Which density the mouse paints on the plane. Off: the mouse pans and pins as usual."));
    m_size = makeDoubleSpin(0.05, 10.0, 0.1, b.radius, tr("Brush radius in plane units."), this);
    m_softness = makeDoubleSpin(0.0, 1.0, 0.1, b.softness, tr("How much of the radius fades out: 0 = hard edge, 1 = soft cone."), this);
    m_strength = makeDoubleSpin(0.01, 1.0, 0.05, b.strength, tr("Intensity added (or removed) at the centre of each dab; also the fill level."), this);
    m_erase = new QCheckBox(tr("eraser"), this);
    m_erase->setToolTip(tr("Remove intensity instead of adding it."));
    auto* fill = new QPushButton(tr("Fill"), this);
    fill->setToolTip(tr("Set the whole drawing to the brush strength (undoable)."));
    auto* clear = new QPushButton(tr("Clear"), this);
    clear->setToolTip(tr("Erase the whole drawing (undoable). An empty drawing is not a density: the previous one stays."));
    auto* undo = new QPushButton(tr("Undo"), this);
    undo->setToolTip(tr("Undo the last stroke, fill or clear (Ctrl+Z)."));
    auto* redo = new QPushButton(tr("Redo"), this);
    redo->setToolTip(tr("Redo what was undone (Ctrl+Shift+Z)."));
    m_indicator = new QLabel(this);
    m_indicator->setToolTip(tr("Which density the mouse edits."));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setToolTip(tr("The last conversion of the drawing into a Gaussian mixture."));

    auto* form = new QFormLayout(this);
    form->addRow(tr("Paint"), m_mode);
    form->addRow(tr("Size"), m_size);
    form->addRow(tr("Softness"), m_softness);
    form->addRow(tr("Strength"), m_strength);
    form->addRow(QString(), m_erase);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* p : {fill, clear, undo, redo}) buttons->addWidget(p);
    form->addRow(buttons);
    form->addRow(m_indicator);
    form->addRow(m_message);

    for (QDoubleSpinBox* s : {m_size, m_softness, m_strength})
        connect(s, &QDoubleSpinBox::valueChanged, this, &BrushPanel::storeBrush);
    connect(m_erase, &QCheckBox::toggled, this, &BrushPanel::storeBrush);
    connect(fill, &QPushButton::clicked, editor, &DensityEditor::fill);
    connect(clear, &QPushButton::clicked, editor, &DensityEditor::clear);
    connect(undo, &QPushButton::clicked, editor->undoStack(), &QUndoStack::undo);
    connect(redo, &QPushButton::clicked, editor->undoStack(), &QUndoStack::redo);
    connect(editor->undoStack(), &QUndoStack::canUndoChanged, undo, &QWidget::setEnabled);
    connect(editor->undoStack(), &QUndoStack::canRedoChanged, redo, &QWidget::setEnabled);
    undo->setEnabled(false);
    redo->setEnabled(false);
    auto updateMode = [this] {
        const int m = m_mode->currentData().toInt();
        if (m != kOff) m_editor->setRole(m == kBase ? DensityRole::Base : DensityRole::Target);
        m_indicator->setText(m == kOff ? tr("Not painting.")
                                       : m == kBase ? tr("✎ Painting the BASE ρ₀") : tr("✎ Painting the TARGET ρ₁"));
        emit paintingChanged(m != kOff);
    };
    connect(m_mode, &QComboBox::currentIndexChanged, this, updateMode);
    // Undo of an edit of the other density switches the editor to it: follow while painting.
    connect(editor, &DensityEditor::roleChanged, this, [this](DensityRole role) {
        if (isPainting()) paint(role);
    });
    updateMode();
}

bool BrushPanel::isPainting() const { return m_mode->currentData().toInt() != kOff; }

void BrushPanel::paint(DensityRole role) { m_mode->setCurrentIndex(m_mode->findData(role == DensityRole::Base ? kBase : kTarget)); }

void BrushPanel::stopPainting() { m_mode->setCurrentIndex(m_mode->findData(kOff)); }

void BrushPanel::setMessage(const QString& text) { m_message->setText(text); }

void BrushPanel::storeBrush() {
    BrushOptions& b = m_editor->brush();
    b.radius = m_size->value();
    b.softness = m_softness->value();
    b.strength = m_strength->value();
    b.erase = m_erase->isChecked();
}

}  // namespace flowlab::ui
