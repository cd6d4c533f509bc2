#include "panel/method_panel.hpp"

#include <QButtonGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

#include "formula/formula_tree.hpp"
#include "formula/method_formulas.hpp"
#include "panel/formula_label.hpp"
#include "panel/spin_box.hpp"

namespace flowlab::ui {
namespace {

// Names and formulas come from core/formula (method_formulas); the notes say what they mean.
struct FamilyInfo {
    core::InterpolantFamily family;
    const char* note;
};

const FamilyInfo kFamilies[] = {
    {core::InterpolantFamily::Linear, "With γ ≡ 0: rectified flow / I-CFM."},
    {core::InterpolantFamily::Trig, ""},
    {core::InterpolantFamily::EncDec, "Passes through pure noise at t = ½."},
    {core::InterpolantFamily::FmOt, "Lipman et al.; needs the base N(0, I)."},
    {core::InterpolantFamily::Vp, "Song et al., variance preserving, mapped to t = 1 − τ; needs the base N(0, I)."},
    {core::InterpolantFamily::SubVp, "Song et al., sub-variance preserving; needs the base N(0, I)."},
    {core::InterpolantFamily::Ve, "Song et al., variance exploding (σ from σ_max down to σ_min); needs the base N(0, I)."},
};

struct GammaInfo {
    core::GammaKind kind;
    const char* note;
};

const GammaInfo kGammas[] = {
    {core::GammaKind::Zero, "deterministic"},
    {core::GammaKind::Brownian, "Brownian bridge"},
    {core::GammaKind::ABrownian, ""},
    {core::GammaKind::BSquared, ""},
    {core::GammaKind::SineSquared, ""},
};

/// A formula source as one line of Unicode text (for combo boxes and tooltips).
QString plainFormula(const std::string& source) {
    const auto tree = core::parseFormula(source);
    return QString::fromStdString(tree ? core::formulaPlainText(*tree) : source);
}

bool twoSided(core::InterpolantFamily f) {
    return f == core::InterpolantFamily::Linear || f == core::InterpolantFamily::Trig;
}

}  // namespace

MethodPanel::MethodPanel(QWidget* parent) : SettingsPanel(parent) {
    auto* interp = new QGroupBox(tr("Interpolant"), this);
    auto* box = new QVBoxLayout(interp);
    auto* form = new QFormLayout();
    box->addLayout(form);
    m_family = new QComboBox(interp);
    for (const auto& f : kFamilies) {
        core::InterpolantOptions o;
        o.family = f.family;
        const core::InterpolantFormulas formulas = core::interpolantFormulas(o);
        m_family->addItem(QString::fromStdString(formulas.family), int(f.family));
        const QString path = plainFormula(formulas.path + (twoSided(f.family) ? " + \\gamma(t)\\, z" : ""));
        m_family->setItemData(m_family->count() - 1, (path + QStringLiteral(". ") + tr(f.note)).trimmed(), Qt::ToolTipRole);
    }
    m_family->setToolTip(tr("The interpolant family: how x_t moves from x0 (t = 0) to x1 (t = 1) (docs/maths.md §2)."));
    form->addRow(tr("Family"), m_family);
    m_gamma = new QComboBox(interp);
    for (const auto& g : kGammas) {
        core::InterpolantOptions o;
        o.gamma = g.kind;
        const QString gamma = plainFormula(core::interpolantFormulas(o).gamma);
        const QString note = tr(g.note);
        m_gamma->addItem(note.isEmpty() ? gamma : QStringLiteral("%1 (%2)").arg(gamma, note), int(g.kind));
        m_gamma->setItemData(m_gamma->count() - 1, QStringLiteral("γ(t) = ") + gamma, Qt::ToolTipRole);
    }
    m_gamma->setToolTip(tr("γ(t), the latent noise of the linear and trigonometric interpolants.\n"
                           "γ > 0 widens every bridge into a noisy band and makes the score and denoiser meaningful."));
    form->addRow(tr("Noise γ(t)"), m_gamma);
    m_gammaA = new QDoubleSpinBox(interp);
    m_gammaA->setRange(0.01, 100.0);
    m_gammaA->setDecimals(2);
    m_gammaA->setSingleStep(0.1);
    m_gammaA->setKeyboardTracking(false);
    m_gammaA->setToolTip(tr("a of γ(t) = √(a t(1−t)): the width of the Brownian band."));
    form->addRow(tr("a"), m_gammaA);
    m_sigmaMin = new QDoubleSpinBox(interp);
    m_sigmaMin->setRange(0.0, 0.5);
    m_sigmaMin->setDecimals(4);
    m_sigmaMin->setSingleStep(0.001);
    m_sigmaMin->setKeyboardTracking(false);
    m_sigmaMin->setToolTip(tr("σ_min of flow matching: the width left around each data point at t = 1."));
    form->addRow(tr("σ_min"), m_sigmaMin);
    // The diffusion families' schedules (docs/maths.md §2): every parameter of every family is editable.
    // Each schedule is a small form of its own, shown only for its family. (Rows are not hidden
    // inside a QFormLayout: with a hidden row it writes out of bounds in Qt 6.4's height-for-width
    // layout, seen under valgrind with the word-wrapped formula label.)
    const core::InterpolantOptions d;
    m_vpSchedule = new QWidget(interp);
    auto* vpForm = new QFormLayout(m_vpSchedule);
    vpForm->setContentsMargins(0, 0, 0, 0);
    m_veSchedule = new QWidget(interp);
    auto* veForm = new QFormLayout(m_veSchedule);
    veForm->setContentsMargins(0, 0, 0, 0);
    m_betaMin = makeDoubleSpin(0.0, 100.0, 0.05, d.vpBetaMin,
                               tr("β_min of the VP and sub-VP schedules: the noise rate β(τ) at the data end (τ = 0)."), m_vpSchedule);
    m_betaMin->setDecimals(3);
    vpForm->addRow(tr("β_min"), m_betaMin);
    m_betaMax = makeDoubleSpin(0.01, 100.0, 1.0, d.vpBetaMax,
                               tr("β_max of the VP and sub-VP schedules: the noise rate β(τ) at the noise end (τ = 1).\n"
                                  "Larger β_max ends closer to pure noise N(0, I)."), m_vpSchedule);
    m_betaMax->setDecimals(2);
    vpForm->addRow(tr("β_max"), m_betaMax);
    box->addWidget(m_vpSchedule);
    m_veSigmaMin = makeDoubleSpin(0.0001, 10.0, 0.005, d.veSigmaMin,
                                  tr("σ_min of the VE schedule: the noise left at the data end (t = 1)."), m_veSchedule);
    m_veSigmaMin->setDecimals(4);
    veForm->addRow(tr("σ_min"), m_veSigmaMin);
    m_veSigmaMax = makeDoubleSpin(0.01, 1000.0, 1.0, d.veSigmaMax,
                                  tr("σ_max of the VE schedule: the noise scale at t = 0, where x_t ≈ N(0, σ_max² I).\n"
                                     "It should exceed the data's spread."), m_veSchedule);
    m_veSigmaMax->setDecimals(2);
    veForm->addRow(tr("σ_max"), m_veSigmaMax);
    box->addWidget(m_veSchedule);
    for (QDoubleSpinBox* b : {m_betaMin, m_betaMax, m_veSigmaMin, m_veSigmaMax}) {
        b->setKeyboardTracking(false);
        connect(b, &QDoubleSpinBox::valueChanged, this, [this] {
            keepOrdered();
            updateFormula();
            notify();
        });
    }
    m_formula = new FormulaLabel(interp);
    m_formula->setObjectName(QStringLiteral("interpolantFormula"));
    m_formula->setToolTip(tr("The chosen interpolant: x_t = α(t) x₀ + β(t) x₁ + γ(t) z with this family's α, β, γ."));
    box->addWidget(m_formula);
    m_schedule = new FormulaLabel(interp);
    m_schedule->setObjectName(QStringLiteral("scheduleFormula"));
    m_schedule->setToolTip(tr("The noise schedule B(τ) of the VP and sub-VP families (τ = 1 − t)."));
    box->addWidget(m_schedule);
    m_problem = new QLabel(interp);
    m_problem->setWordWrap(true);
    m_problem->hide();
    box->addWidget(m_problem);

    auto* source = new QGroupBox(tr("Field source"), this);
    auto* row = new QHBoxLayout(source);
    m_exact = new QRadioButton(tr("Exact"), source);
    m_learned = new QRadioButton(tr("Learned"), source);
    m_exact->setToolTip(tr("Exact fields of the Gaussian mixtures (docs/maths.md §4): the ground truth, no training."));
    m_learned->setToolTip(tr("A network trained on the fly (Training panel); arrows and particles follow it as it learns."));
    auto* group = new QButtonGroup(source);
    group->addButton(m_exact);
    group->addButton(m_learned);
    row->addWidget(m_exact);
    row->addWidget(m_learned);
    row->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(interp);
    layout->addWidget(source);
    layout->addStretch(1);

    connect(m_family, qOverload<int>(&QComboBox::activated), this, [this] {
        // One-sided families fix their own γ.
        if (!twoSided(core::InterpolantFamily(m_family->currentData().toInt()))) m_gamma->setCurrentIndex(0);
        updateEnabled();
        updateFormula();
        notify();
    });
    connect(m_gamma, qOverload<int>(&QComboBox::activated), this, [this] {
        updateEnabled();
        updateFormula();
        notify();
    });
    connect(m_gammaA, &QDoubleSpinBox::valueChanged, this, [this] {
        updateFormula();
        notify();
    });
    connect(m_sigmaMin, &QDoubleSpinBox::valueChanged, this, [this] {
        updateFormula();
        notify();
    });
    connect(group, &QButtonGroup::buttonClicked, this, [this] { notify(); });
}

void MethodPanel::setLearnedAvailable(bool available, const QString& whyNot) {
    m_learned->setEnabled(available);
    if (!available && !whyNot.isEmpty()) m_learned->setToolTip(whyNot);
}

void MethodPanel::updateEnabled() {
    const auto family = core::InterpolantFamily(m_family->currentData().toInt());
    m_gamma->setEnabled(twoSided(family));
    m_gammaA->setEnabled(twoSided(family) && core::GammaKind(m_gamma->currentData().toInt()) == core::GammaKind::ABrownian);
    m_sigmaMin->setEnabled(family == core::InterpolantFamily::FmOt);
    // Only the chosen family's schedule parameters are shown: the panel stays short.
    const bool vp = family == core::InterpolantFamily::Vp || family == core::InterpolantFamily::SubVp;
    const bool ve = family == core::InterpolantFamily::Ve;
    m_vpSchedule->setVisible(vp);
    m_veSchedule->setVisible(ve);
}

void MethodPanel::keepOrdered() {
    // The schedules need β_min ≤ β_max and σ_min < σ_max: each bound limits the other.
    m_betaMin->setMaximum(m_betaMax->value());
    m_betaMax->setMinimum(std::max(0.01, m_betaMin->value()));
    m_veSigmaMin->setMaximum(m_veSigmaMax->value() * 0.999);
    m_veSigmaMax->setMinimum(m_veSigmaMin->value() * 1.001);
}

void MethodPanel::updateFormula() {
    ExplorerSettings s;
    store(s);
    const std::string problem = s.scene.interpolant.validate();
    const core::InterpolantFormulas f = core::interpolantFormulas(s.scene.interpolant);
    std::string line = f.path;
    if (!f.parameters.empty()) line += ",\\; " + core::parameterList(f.parameters);
    m_formula->setFormula(QString::fromStdString(line));
    const std::string schedule = core::noiseScheduleFormula(s.scene.interpolant);
    m_schedule->setFormula(QString::fromStdString(schedule));
    m_schedule->setVisible(!schedule.empty());
    m_problem->setText(QString::fromStdString(problem));
    m_problem->setVisible(!problem.empty());
}

void MethodPanel::load(const ExplorerSettings& s) {
    Loading guard(*this);
    m_family->setCurrentIndex(std::max(0, m_family->findData(int(s.scene.interpolant.family))));
    m_gamma->setCurrentIndex(std::max(0, m_gamma->findData(int(s.scene.interpolant.gamma))));
    m_gammaA->setValue(s.scene.interpolant.gammaA);
    m_sigmaMin->setValue(s.scene.interpolant.sigmaMin);
    // Widen the ranges first so that loading never clamps a stored value against the old pair.
    m_betaMin->setMaximum(100.0);
    m_betaMax->setMinimum(0.01);
    m_veSigmaMin->setMaximum(10.0);
    m_veSigmaMax->setMinimum(0.01);
    m_betaMin->setValue(s.scene.interpolant.vpBetaMin);
    m_betaMax->setValue(s.scene.interpolant.vpBetaMax);
    m_veSigmaMin->setValue(s.scene.interpolant.veSigmaMin);
    m_veSigmaMax->setValue(s.scene.interpolant.veSigmaMax);
    keepOrdered();
    (s.scene.fieldMode == FieldMode::Exact ? m_exact : m_learned)->setChecked(true);
    updateEnabled();
    updateFormula();
}

void MethodPanel::store(ExplorerSettings& s) const {
    s.scene.interpolant.family = core::InterpolantFamily(m_family->currentData().toInt());
    s.scene.interpolant.gamma = twoSided(s.scene.interpolant.family) ? core::GammaKind(m_gamma->currentData().toInt())
                                                                      : core::GammaKind::Zero;
    s.scene.interpolant.gammaA = m_gammaA->value();
    s.scene.interpolant.sigmaMin = m_sigmaMin->value();
    s.scene.interpolant.vpBetaMin = m_betaMin->value();
    s.scene.interpolant.vpBetaMax = m_betaMax->value();
    s.scene.interpolant.veSigmaMin = m_veSigmaMin->value();
    s.scene.interpolant.veSigmaMax = m_veSigmaMax->value();
    s.scene.fieldMode = m_learned->isChecked() ? FieldMode::Learned : FieldMode::Exact;
}

}  // namespace flowlab::ui
