#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "export/export_progress.hpp"
#include "export/frame_sink.hpp"
#include "export/temp_output.hpp"
#include "export/video_options.hpp"

namespace flowlab::core {

/// Writes frames (8-bit RGBA/BGRA buffers) as an MP4, WebM, GIF, PNG sequence or PNG still
/// through FFmpeg's libraries.
///
/// All output goes to a hidden temporary file (or folder) beside the target, renamed onto the
/// target only when finish() succeeds. cancel(), any failure (unwritable folder, full disk,
/// missing codec) and destruction without finish() remove the temporary: the target is never
/// half-written, and an existing target is only replaced by a complete export.
///
/// Threads: open/addFrame/finish/cancel are called from one thread (the export worker).
/// requestCancel() and framesAdded() may be called from any thread: the next addFrame or the
/// running finish() then stops, cleans up and returns a "cancelled" error.
///
/// Time: frame k is shown at k / fps, whatever the wall-clock time between calls, so an export
/// is reproducible: identical frames and options give identical bytes (same FFmpeg build).
class VideoWriter {
public:
    VideoWriter();
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;
    /// Discards an unfinished export (as cancel()).
    ~VideoWriter();

    /// Starts an export to `path` (for PngSequence: a folder, new or empty). A file path's
    /// extension must match the format (see videoFormatFromPath). Fails at once, writing
    /// nothing, on invalid options, an unwritable place or a missing encoder. An export still
    /// open on this writer is discarded first.
    Status open(const std::string& path, const VideoOptions& options);

    /// Adds the next frame: options.width × options.height pixels in options.pixelLayout,
    /// rows `strideBytes` apart (≥ 4·width). On error the export is discarded and closed.
    Status addFrame(const std::uint8_t* pixels, int strideBytes);

    /// Completes the output and moves it onto the target. `progress` reports the work done
    /// here (GIF encodes all its frames here; the other formats finish at once) and may return
    /// false to cancel. Needs at least one frame. The writer is closed afterwards either way.
    Status finish(const ExportProgressFn& progress = {});

    /// Abandons the export: closes everything and removes the temporary output. Idempotent.
    void cancel();

    /// Thread-safe: asks the running export to stop at the next addFrame or inside finish().
    /// open() clears the request, so it applies to the export that is open when it is made.
    void requestCancel();

    bool isOpen() const { return m_sink != nullptr; }
    /// Thread-safe: frames accepted so far.
    int framesAdded() const { return m_framesAdded.load(); }
    /// The target of the current (or last) export.
    const std::string& path() const { return m_path; }

private:
    Status fail(Error error);

    std::unique_ptr<FrameSink> m_sink;
    std::optional<TempOutput> m_temp;
    VideoOptions m_options;
    std::string m_path;
    std::atomic<bool> m_cancelRequested{false};
    std::atomic<int> m_framesAdded{0};
};

}  // namespace flowlab::core
