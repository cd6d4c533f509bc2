#pragma once

#include <QString>

#include <optional>

#include "state/explorer_settings.hpp"

namespace flowlab::ui {

/// What pressing Train has to change so that the sampler can run on the network it trains: the
/// learned mode replaces the exact field by one network, which gives only some fields (a b-model
/// has no score for the two-sided families, so no SDE and no Langevin corrector).
struct TrainingFix {
    core::TrainTarget target = core::TrainTarget::Velocity;  ///< what to train
    bool switchToOde = false;  ///< the sampler moves to the probability-flow ODE (Heun, no corrector)
    QString question;          ///< asks whether to go ahead, in words a user can act on
    QString notice;            ///< says what was changed, once it is
};

/// Nullopt when the network of `training` gives every field `scene`'s sampler needs. Otherwise
/// the smallest change that makes it run: another field to learn when one network of that kind
/// gives everything (the score s of a one-sided family gives b too), else the ODE.
std::optional<TrainingFix> trainingFix(const SceneSettings& scene, const TrainingSettings& training);

/// `settings` with `fix` made (the training target, and the sampler when it switches to the ODE).
void applyTrainingFix(const TrainingFix& fix, ExplorerSettings& settings);

}  // namespace flowlab::ui
