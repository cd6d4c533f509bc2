#pragma once

#include "state/explorer_settings.hpp"

class QSettings;

namespace flowlab::ui {

/// Reads the explorer settings persisted in `store`. Missing or malformed values fall back to
/// their defaults one by one; a scene that does not validate as a whole (say, a mixture file
/// that has been deleted is fine, but an impossible combination is not) falls back to the
/// default scene, keeping the view and playback settings.
ExplorerSettings loadExplorerSettings(QSettings& store);

/// Writes the explorer settings into `store`.
void saveExplorerSettings(QSettings& store, const ExplorerSettings& settings);

}  // namespace flowlab::ui
