// The interpolant panel edits every parameter of every family: the VP β schedule and the VE σ
// schedule load, show for their family only, keep their order, and come back out unchanged.
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QtTest>

#include <QComboBox>

#include "panel/formula_label.hpp"
#include "panel/method_panel.hpp"
#include "panel/sampler_panel.hpp"

using namespace flowlab;
using namespace flowlab::ui;

namespace {

QDoubleSpinBox* spinWithTip(MethodPanel& panel, const QString& startOfTip) {
    for (auto* b : panel.findChildren<QDoubleSpinBox*>())
        if (b->toolTip().startsWith(startOfTip)) return b;
    return nullptr;
}

}  // namespace

class MethodPanelTest : public QObject {
    Q_OBJECT
private slots:
    void samplerPanel_scoreSdeSolvers_roundTripWithTipsAndShowTheirUpdateRule() {
        SamplerPanel panel;
        auto* combo = panel.findChild<QComboBox*>();
        auto* formula = panel.findChild<FormulaLabel*>(QStringLiteral("solverFormula"));
        QVERIFY(combo && formula);
        for (auto kind : {core::SolverKind::Ddpm, core::SolverKind::Ddim, core::SolverKind::Smld,
                          core::SolverKind::ReverseDiffusion}) {
            const int i = combo->findData(int(kind));
            QVERIFY2(i >= 0, core::toString(kind).c_str());
            QVERIFY(!combo->itemData(i, Qt::ToolTipRole).toString().isEmpty());
        }
        ExplorerSettings s;
        s.scene.interpolant.family = core::InterpolantFamily::Vp;
        s.scene.solver = core::SolverKind::ReverseDiffusion;
        panel.load(s);
        ExplorerSettings out;
        panel.store(out);
        QVERIFY(out.scene.solver == core::SolverKind::ReverseDiffusion);
        QVERIFY2(formula->formula().contains(QStringLiteral("\\beta_k")), qPrintable(formula->formula()));
        s.scene.interpolant.family = core::InterpolantFamily::Ve;
        panel.load(s);
        QVERIFY2(formula->formula().contains(QStringLiteral("\\sigma_k")), qPrintable(formula->formula()));
        s.scene.solver = core::SolverKind::Rk4;
        panel.load(s);
        QCOMPARE(formula->formula(), QStringLiteral("dX = b(t, X)\\, dt"));
    }

    void loadThenStore_keepsEveryScheduleParameter() {
        MethodPanel panel;
        ExplorerSettings s;
        s.scene.interpolant.family = core::InterpolantFamily::Vp;
        s.scene.interpolant.vpBetaMin = 0.35;
        s.scene.interpolant.vpBetaMax = 12.5;
        s.scene.interpolant.veSigmaMin = 0.04;
        s.scene.interpolant.veSigmaMax = 25.0;
        s.scene.interpolant.sigmaMin = 0.01;
        panel.load(s);
        ExplorerSettings out;
        panel.store(out);
        QVERIFY(out.scene.interpolant == s.scene.interpolant);
    }

    void scheduleRows_showForTheirFamilyOnly() {
        MethodPanel panel;
        panel.show();
        ExplorerSettings s;
        s.scene.interpolant.family = core::InterpolantFamily::Vp;
        panel.load(s);
        QDoubleSpinBox* betaMax = spinWithTip(panel, QStringLiteral("β_max"));
        QDoubleSpinBox* sigmaMax = spinWithTip(panel, QStringLiteral("σ_max of the VE"));
        QVERIFY(betaMax && sigmaMax);
        QVERIFY(betaMax->isVisible());
        QVERIFY(!sigmaMax->isVisible());
        s.scene.interpolant.family = core::InterpolantFamily::Ve;
        panel.load(s);
        QVERIFY(!betaMax->isVisible());
        QVERIFY(sigmaMax->isVisible());
        s.scene.interpolant.family = core::InterpolantFamily::Linear;
        panel.load(s);
        QVERIFY(!betaMax->isVisible() && !sigmaMax->isVisible());
    }

    void editingBetaMax_reachesTheSettings_andKeepsTheOrder() {
        MethodPanel panel;
        ExplorerSettings s;
        s.scene.interpolant.family = core::InterpolantFamily::SubVp;
        panel.load(s);
        QDoubleSpinBox* betaMin = spinWithTip(panel, QStringLiteral("β_min"));
        QDoubleSpinBox* betaMax = spinWithTip(panel, QStringLiteral("β_max"));
        QVERIFY(betaMin && betaMax);
        QSignalSpy changed(&panel, &SettingsPanel::edited);
        betaMax->setValue(5.0);
        QVERIFY(changed.count() >= 1);
        // β_min cannot be pushed above β_max: the stored schedule always validates.
        betaMin->setValue(50.0);
        ExplorerSettings out;
        panel.store(out);
        QCOMPARE(out.scene.interpolant.vpBetaMax, 5.0);
        QVERIFY(out.scene.interpolant.vpBetaMin <= out.scene.interpolant.vpBetaMax);
        QVERIFY(out.scene.interpolant.validate().empty());
    }
};

QTEST_MAIN(MethodPanelTest)
#include "method_panel_test.moc"
