#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "image/pixel_layout.hpp"

namespace flowlab::core {

/// What a VideoWriter produces.
enum class VideoFormat {
    Mp4,          ///< H.264 (libx264), yuv420p, BT.709, moov atom first: plays in browsers and PowerPoint
    WebM,         ///< VP9 (libvpx-vp9), yuv420p, constant quality
    Gif,          ///< animated GIF with one global palette computed over all frames (two passes)
    PngSequence,  ///< a folder of frame_000000.png, frame_000001.png, … (RGBA)
    PngStill,     ///< exactly one frame as a PNG file (RGBA)
};

/// Dithering of the GIF palette mapping.
enum class GifDither {
    None,            ///< nearest palette colour: flat areas stay flat, gradients band
    Bayer,           ///< ordered dithering: stable from frame to frame, a faint regular pattern
    ErrorDiffusion,  ///< Sierra-2-4A: smoothest gradients on a still, may shimmer in motion
};

/// Everything a VideoWriter needs to know besides the path. Validates itself.
struct VideoOptions {
    VideoFormat format = VideoFormat::Mp4;
    /// Frame size in pixels; every frame given to addFrame has this size. MP4 and WebM (yuv420p)
    /// need even sizes. At most kMaxVideoSide per side (kMaxImageSide for PNG).
    int width = 1280;
    int height = 720;
    /// Frames per second of playback (24, 30, 60 or any value in (0, 240]; GIF at most 50,
    /// because browsers slow down GIF frames shorter than 2/100 s). Frame k is shown at k / fps:
    /// timing never depends on how fast frames are produced.
    double fps = 30.0;
    /// Byte order of the frames given to addFrame (straight alpha). MP4, WebM and GIF are opaque:
    /// alpha is ignored there; PNG keeps it.
    PixelLayout pixelLayout = PixelLayout::Rgba;
    /// Constant-quality factor, lower is better: MP4 0 … 51 (x264 CRF), WebM 0 … 63 (VP9 CRF).
    /// −1 picks the format's default (defaultCrf): MP4 29 with ultrafast and its loop filter
    /// back on, chosen by measurement (issue 15: 10 s of 1080p30 of the default scene, whole
    /// command, same run, load 13–15): CRF 20 33.4 MB, 28 15.3 MB, 29 13.8 MB at the same CPU
    /// time (10.4 s user); superfast CRF 23 10.6 MB and veryfast CRF 23 4.3 MB cost 30–45 % more
    /// CPU, which the 3× real-time goal cannot spare while drawing is 70 % of the work.
    /// Ignored by GIF and PNG.
    int crf = -1;
    /// x264 speed preset (ultrafast … veryslow): a speed/file-size trade-off that never changes
    /// the size, count or timing of frames. Measured at 1080p30 (bench_export.cpp, CPU time per
    /// frame, all threads; MB for 10 s): ultrafast 10 ms, 33 MB; superfast 18 ms, 26 MB;
    /// veryfast 23 ms, 14.5 MB; medium 51 ms, 14 MB. Only ultrafast leaves room on two cores
    /// for rendering at 2× real time (60 frames/s), hence the default; "veryfast" makes files
    /// 2.3× smaller at 2.3× the encoding cost. The whole export of the default scene (render
    /// pipelined with encoding, flowlab_bench_video_export, two cores): ultrafast 2.9× real
    /// time, 34 MB; superfast 1.3×, 16 MB; veryfast 0.9×, 7 MB (all at CRF 20; see `crf` for the
    /// default chosen since).
    std::string x264Preset = "ultrafast";
    /// libvpx-vp9 speed (cpu-used), 0 (slowest, smallest) … 8 (fastest); 0 … 5 use libvpx's
    /// "good" mode, 6 … 8 its "realtime" mode. Measured at 1080p (CPU ms per frame, all
    /// threads): 5 → 191 ms, 6 → 38 ms, 8 → 32 ms; 6 gives files about 20 % larger than 5.
    int vp9Speed = 6;
    /// Encoder threads, fixed (not "auto") so that an export is byte-identical on every machine
    /// for the same thread count. 1 … 16.
    int threads = 2;
    /// GIF palette size, 2 … 256 colours.
    int gifMaxColors = 256;
    GifDither gifDither = GifDither::Bayer;
    /// zlib level of PNG output, 0 (fastest) … 9 (smallest).
    int pngCompressionLevel = 6;

    /// Empty when valid, else what is wrong, in words a user can act on.
    std::string validate() const;
};

/// Largest width or height of an MP4, WebM or GIF export.
inline constexpr int kMaxVideoSide = 8192;
/// Largest GIF frame rate (see VideoOptions::fps).
inline constexpr double kMaxGifFps = 50.0;
inline constexpr double kMaxFps = 240.0;

/// The CRF used when VideoOptions::crf is −1 (MP4 20, WebM 31; 0 for formats without CRF).
int defaultCrf(VideoFormat format);
/// The largest valid CRF (MP4 51, WebM 63; 0 for formats without CRF).
int maxCrf(VideoFormat format);

/// The format a path asks for: ".mp4", ".webm", ".gif", ".png" (a still), or a path ending in
/// "/" (a PNG sequence folder). Case-insensitive.
Result<VideoFormat> videoFormatFromPath(const std::string& path);

/// File name extension of a file format (".mp4"); empty for PngSequence.
std::string videoFormatExtension(VideoFormat format);
/// "mp4", "webm", "gif", "png-sequence", "png".
std::string toString(VideoFormat format);
Result<VideoFormat> parseVideoFormat(const std::string& name);
/// The valid x264 presets, fastest first.
const std::vector<std::string>& x264PresetNames();

}  // namespace flowlab::core
