#include "state/training_fix.hpp"

#include <QCoreApplication>

#include "field/learned_field.hpp"

namespace flowlab::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("TrainingFix", text); }

QString targetName(core::TrainTarget t) {
    switch (t) {
        case core::TrainTarget::Velocity: return tr("the velocity b");
        case core::TrainTarget::Score: return tr("the score s");
        case core::TrainTarget::Denoiser: return tr("the denoiser η");
        case core::TrainTarget::InterpolantVelocity: return tr("the interpolant velocity v");
    }
    return {};
}

}  // namespace

std::optional<TrainingFix> trainingFix(const SceneSettings& scene, const TrainingSettings& training) {
    auto interp = core::Interpolant::create(scene.interpolant);
    if (!interp) return std::nullopt;  // invalid settings are refused elsewhere, with their own message
    const unsigned needed = scene.samplerOptions().requiredFields();
    const auto gives = [&](core::TrainTarget t) {
        return (core::LearnedField::providesFor(t, *interp) & needed) == needed;
    };
    if (gives(training.target)) return std::nullopt;
    const QString family = QString::fromStdString(core::toString(scene.interpolant.family));
    const QString sampler = QString::fromStdString(core::toString(scene.solver)) +
                            (scene.langevinSteps > 0 ? tr(" with the Langevin corrector") : QString());
    TrainingFix fix;
    // The targets the Training panel offers, in its order.
    for (core::TrainTarget t : {core::TrainTarget::Velocity, core::TrainTarget::Score, core::TrainTarget::Denoiser}) {
        if (!gives(t)) continue;
        fix.target = t;
        fix.question = tr("The %1 sampler needs the velocity b and the score s. A network for %2 cannot give them "
                          "for the %3 interpolant; one for %4 gives both.\n\nTrain %4 instead?")
                           .arg(sampler, targetName(training.target), family, targetName(t));
        fix.notice = tr("Training %1 (it gives every field the %2 sampler needs)").arg(targetName(t), sampler);
        return fix;
    }
    // No one network gives b and s here: the ODE needs only b.
    fix.target = core::LearnedField::providesFor(training.target, *interp) & core::kVelocity ? training.target
                                                                                            : core::TrainTarget::Velocity;
    fix.switchToOde = true;
    fix.question = tr("The %1 sampler needs the score s besides the velocity b, and the learned mode trains one "
                      "network, which cannot give both for the %2 interpolant.\n\nSwitch the sampler to the "
                      "probability-flow ODE (Heun) and train %3?")
                       .arg(sampler, family, targetName(fix.target));
    fix.notice = tr("Sampler switched to the probability-flow ODE (Heun): the learned %1 network has no score s")
                     .arg(family);
    return fix;
}

void applyTrainingFix(const TrainingFix& fix, ExplorerSettings& settings) {
    settings.training.target = fix.target;
    if (fix.switchToOde) {
        settings.scene.solver = core::SolverKind::Heun;
        settings.scene.langevinSteps = 0;
    }
}

}  // namespace flowlab::ui
