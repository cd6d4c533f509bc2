#pragma once
// Internal to flowlab_core's export domain: one implementation per output format, driven by
// VideoWriter, which owns the temporary output and the rename.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "export/export_progress.hpp"
#include "export/video_options.hpp"

namespace flowlab::core {

/// Turns frames into an output at a temporary path.
class FrameSink {
public:
    virtual ~FrameSink() = default;
    /// Prepares output at `tempPath` (a file, or a folder for a sequence). Messages name
    /// `displayName` (the final target), never the temporary.
    virtual Status open(const std::string& tempPath, const std::string& displayName, const VideoOptions& options) = 0;
    /// Consumes frame number `index` (0, 1, 2, … in order): options.width × options.height pixels.
    virtual Status addFrame(const std::uint8_t* pixels, int strideBytes, int index) = 0;
    /// Writes everything still pending and closes the output. May take a while (GIF's second
    /// pass); reports progress and stops early when `cancel` becomes true or progress says so.
    virtual Status finish(const ExportProgressFn& progress, const std::atomic<bool>& cancel) = 0;
};

std::unique_ptr<FrameSink> makeEncodedVideoSink();  ///< MP4 and WebM
std::unique_ptr<FrameSink> makeGifSink();
std::unique_ptr<FrameSink> makePngSequenceSink();
std::unique_ptr<FrameSink> makePngStillSink();

}  // namespace flowlab::core
