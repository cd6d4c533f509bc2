#include "panel/density_panel.hpp"

#include <QComboBox>
#include <QFileDialog>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include "density/presets.hpp"
#include "scene/density_spec.hpp"
#include "state/scene_description.hpp"

namespace flowlab::ui {
namespace {
const QString kFileItem = QStringLiteral("\u2026file");  // the "choose a file" entry's data
const QString kEmbeddedItem = QStringLiteral("\u2026embedded");  // an embedded density's entry data

QString entryData(const core::DensitySource& source) {
    return source.isSpec() ? QString::fromStdString(source.spec) : kEmbeddedItem;
}
}  // namespace

DensityPanel::DensityPanel(QWidget* parent) : SettingsPanel(parent) {
    auto* form = new QFormLayout();
    m_base = new QComboBox(this);
    m_target = new QComboBox(this);
    setupCombo(m_base);
    setupCombo(m_target);
    m_base->setToolTip(tr("ρ₀, the base density at t = 0: where generation starts and encoding ends.\n"
                          "A preset, or a mixture or scene file (Gaussian mixtures, so every field is exact).\n"
                          "The one-sided families (fm-ot, vp, subvp, ve) need the base N(0, I) (gaussian)."));
    m_target->setToolTip(tr("ρ₁, the target density at t = 1: the data that generation should reach.\n"
                            "A preset, or a mixture or scene file."));
    form->addRow(tr("Base ρ₀"), m_base);
    form->addRow(tr("Target ρ₁"), m_target);
    m_swap = new QPushButton(tr("Swap base and target"), this);
    m_swap->setToolTip(tr("Exchange ρ₀ and ρ₁ (stochastic interpolants bridge any two densities)."));
    connect(m_swap, &QPushButton::clicked, this, [this] {
        const core::DensitySource b = sourceOf(m_base), t = sourceOf(m_target);
        select(m_base, t);
        select(m_target, b);
        notify();
    });
    m_dropHint = new QLabel(this);
    m_dropHint->setWordWrap(true);
    m_dropHint->setToolTip(tr("An image file dropped on the window replaces the density chosen last in this panel\n"
                              "(or the one the density editor paints, while it paints). Click a box to choose."));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_swap);
    layout->addWidget(m_dropHint);
    layout->addStretch(1);
    // Focusing a box (click, tab) chooses its density for drops.
    m_base->installEventFilter(this);
    m_target->installEventFilter(this);
    setChosenRole(DensityRole::Target);
    connect(m_base, qOverload<int>(&QComboBox::activated), this, [this](int i) { onActivated(m_base, i); });
    connect(m_target, qOverload<int>(&QComboBox::activated), this, [this](int i) { onActivated(m_target, i); });
}

void DensityPanel::setupCombo(QComboBox* combo) {
    for (const auto& name : core::presetNames()) {
        const QString n = QString::fromStdString(name);
        combo->addItem(n, n);
        combo->setItemData(combo->count() - 1, QString::fromStdString(core::presetDescription(name)), Qt::ToolTipRole);
    }
    combo->insertSeparator(combo->count());
    combo->addItem(tr("Mixture or scene file…"), kFileItem);
    combo->setItemData(combo->count() - 1, tr("A mixture JSON file ({\"dim\":2,\"components\":[…]}) or a FlowLab scene"),
                       Qt::ToolTipRole);
}

core::DensitySource& DensityPanel::held(const QComboBox* combo) { return combo == m_base ? m_heldBase : m_heldTarget; }
const core::DensitySource& DensityPanel::held(const QComboBox* combo) const {
    return combo == m_base ? m_heldBase : m_heldTarget;
}

core::DensitySource DensityPanel::sourceOf(const QComboBox* combo) const {
    const QString data = combo->currentData().toString();
    if (data == entryData(held(combo))) return held(combo);
    return core::DensitySource::fromSpec(data.toStdString());
}

void DensityPanel::select(QComboBox* combo, const core::DensitySource& source) {
    held(combo) = source;
    const QString spec = entryData(source);
    int i = combo->findData(spec);
    if (i < 0) {
        // A file SPEC: one custom entry just above the separator, replaced by the next file (each
        // stroke or undo in the density editor gives a new file: they must not pile up here).
        const int custom = int(core::presetNames().size());
        if (combo->count() - 2 <= custom) combo->insertItem(custom, QString());
        combo->setItemText(custom, densityDisplayName(source));
        combo->setItemData(custom, spec);
        combo->setItemData(custom, source.isSpec() ? spec : tr("%1, embedded in the scene").arg(densityDisplayName(source)),
                           Qt::ToolTipRole);
        i = custom;
    }
    combo->setCurrentIndex(i);
    combo->setProperty("lastIndex", i);
}

void DensityPanel::setChosenRole(DensityRole role) {
    m_chosen = role;
    m_dropHint->setText(role == DensityRole::Base ? tr("Dropped images become the base ρ₀.")
                                                  : tr("Dropped images become the target ρ₁."));
}

bool DensityPanel::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::MouseButtonPress) {
        if (watched == m_base) setChosenRole(DensityRole::Base);
        if (watched == m_target) setChosenRole(DensityRole::Target);
    }
    return SettingsPanel::eventFilter(watched, event);
}

void DensityPanel::onActivated(QComboBox* combo, int index) {
    setChosenRole(combo == m_base ? DensityRole::Base : DensityRole::Target);
    if (combo->itemData(index).toString() == kFileItem) {
        const QString path = QFileDialog::getOpenFileName(this, tr("Density from a file"), QString(),
                                                          tr("Mixtures and scenes (*.json);;All files (*)"));
        if (path.isEmpty()) {
            combo->setCurrentIndex(combo->property("lastIndex").toInt());
            return;
        }
        // A mixture file, or a scene file (which holds two densities: take the one this box is for).
        QString spec = QStringLiteral("mixture:") + path;
        auto mixture = core::resolveDensitySpec(spec.toStdString());
        if (!mixture) {
            const QString sceneSpec = QStringLiteral("scene:%1#%2").arg(path, combo == m_base ? QStringLiteral("base")
                                                                                                 : QStringLiteral("target"));
            auto fromScene = core::resolveDensitySpec(sceneSpec.toStdString());
            if (!fromScene) {
                QMessageBox::warning(this, tr("Cannot use this file"),
                                     tr("%1\n\nAs a mixture: %2\nAs a scene: %3")
                                         .arg(path, QString::fromStdString(mixture.message()),
                                              QString::fromStdString(fromScene.message())));
                combo->setCurrentIndex(combo->property("lastIndex").toInt());
                return;
            }
            spec = sceneSpec;
        }
        select(combo, core::DensitySource::fromSpec(spec.toStdString()));
    }
    combo->setProperty("lastIndex", combo->currentIndex());
    notify();
}

void DensityPanel::load(const ExplorerSettings& s) {
    Loading guard(*this);
    select(m_base, s.scene.base);
    select(m_target, s.scene.target);
}

void DensityPanel::store(ExplorerSettings& s) const {
    s.scene.base = sourceOf(m_base);
    s.scene.target = sourceOf(m_target);
}

}  // namespace flowlab::ui
