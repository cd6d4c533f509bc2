#pragma once

#include <QString>
#include <QStringList>

#include "state/explorer_settings.hpp"

class QSettings;

namespace flowlab::ui {

/// What loadExplorerSettings had to throw away, for a notice the user sees (a stored ε or a
/// solver name that no longer validates must not silently become something else).
struct SettingsLoadReport {
    QStringList rejected;  ///< keys whose stored value was malformed or out of range
    QString sceneProblem;  ///< why the stored scene as a whole was replaced by the default one
    bool clean() const;
    /// One sentence or two for the status bar; empty when clean().
    QString notice() const;
};

/// Reads the explorer settings persisted in `store`. Missing or malformed values fall back to
/// their defaults one by one; a scene that does not validate as a whole (say, a mixture file
/// that has been deleted is fine, but an impossible combination is not) falls back to the
/// default scene, keeping the view and playback settings.
/// `report`, when given, receives what was reset.
ExplorerSettings loadExplorerSettings(QSettings& store, SettingsLoadReport* report = nullptr);

/// Writes the explorer settings into `store`.
void saveExplorerSettings(QSettings& store, const ExplorerSettings& settings);

}  // namespace flowlab::ui
