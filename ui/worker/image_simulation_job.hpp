#pragma once

#include <QMetaType>
#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "scene/image_scene.hpp"
#include "state/explorer_settings.hpp"
#include "view/image_tracks.hpp"

namespace flowlab::ui {

/// A request to (prepare and) simulate an image scene's grid: copied into the worker, shares only
/// immutable data.
struct ImageSimulationRequest {
    std::uint64_t generation = 0;  ///< results carry it back; stale ones are dropped
    SceneSettings scene;
    std::string sceneFolder;       ///< anchors relative model names
    /// What was prepared for the previous request (its scenePrepared): its data (and field) are
    /// reused when the scene still asks for them, so a change of ε does not reload the data set.
    std::shared_ptr<const core::PreparedImageScene> previous;
    /// A field to use instead of the scene's (a network being trained); null: the scene's.
    std::shared_ptr<const core::FieldSource> field;
    int threads = 1;               ///< threads of the exact field (0 = all cores)
};

/// What it produced (or why not).
struct ImageSimulationResult {
    std::uint64_t generation = 0;
    bool ok = false;
    QString error;                                       ///< when !ok
    std::shared_ptr<const core::PreparedImageScene> prepared;       ///< in effect (with request.field)
    /// The scene's own preparation (its model file or exact field), to pass as the next
    /// request's `previous`: a network in training is never mistaken for the scene's field.
    std::shared_ptr<const core::PreparedImageScene> scenePrepared;
    std::shared_ptr<const ImageTracks> tracks;
    int nfe = 0;
    int steps = 0;
    double prepareSeconds = 0.0;
    double seconds = 0.0;                                ///< of the integration
};

/// Runs `request` on the calling thread (core::prepareImageScene, then simulateImageScene).
/// Stops early with the error "cancelled" when `cancelled` is set.
ImageSimulationResult runImageSimulation(const ImageSimulationRequest& request, const std::atomic<bool>& cancelled,
                                         const std::function<void(double fraction)>& onProgress = {});

}  // namespace flowlab::ui
Q_DECLARE_METATYPE(flowlab::ui::ImageSimulationResult)
