#pragma once
// Internal to flowlab_core: small helpers around FFmpeg (error text, log level).

#include <string>

namespace flowlab::core::media {

/// FFmpeg's text for an AVERROR code ("No space left on device", "Invalid data found ...").
std::string avErrorText(int code);

/// Silences FFmpeg's own logging to stderr (errors reach the user as Status messages instead),
/// once per process. Setting FLOWLAB_FFMPEG_LOG=debug|verbose|info|warning|error in the
/// environment keeps FFmpeg's log at that level for diagnosis.
void configureFfmpegLogging();

}  // namespace flowlab::core::media
