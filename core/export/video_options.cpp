#include "export/video_options.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "image/image_limits.hpp"

namespace flowlab::core {
namespace {

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool needsEvenSize(VideoFormat f) { return f == VideoFormat::Mp4 || f == VideoFormat::WebM; }
bool isPng(VideoFormat f) { return f == VideoFormat::PngSequence || f == VideoFormat::PngStill; }

}  // namespace

const std::vector<std::string>& x264PresetNames() {
    static const std::vector<std::string> names = {"ultrafast", "superfast", "veryfast", "faster", "fast",
                                                    "medium",    "slow",      "slower",   "veryslow"};
    return names;
}

int defaultCrf(VideoFormat format) {
    switch (format) {
        case VideoFormat::Mp4: return 29;
        case VideoFormat::WebM: return 31;
        default: return 0;
    }
}

int maxCrf(VideoFormat format) {
    switch (format) {
        case VideoFormat::Mp4: return 51;
        case VideoFormat::WebM: return 63;
        default: return 0;
    }
}

std::string VideoOptions::validate() const {
    const int maxSide = isPng(format) ? kMaxImageSide : kMaxVideoSide;
    if (width < 1 || height < 1 || width > maxSide || height > maxSide)
        return "frame size " + std::to_string(width) + "×" + std::to_string(height) + " is out of range (1 … " +
               std::to_string(maxSide) + " pixels per side for " + toString(format) + ")";
    if (needsEvenSize(format) && (width % 2 != 0 || height % 2 != 0))
        return toString(format) + " needs an even width and height (yuv420p); got " + std::to_string(width) + "×" +
               std::to_string(height);
    if (!std::isfinite(fps) || fps <= 0.0 || fps > kMaxFps)
        return "frames per second must be in (0, " + std::to_string(int(kMaxFps)) + "]";
    if (format == VideoFormat::Gif && fps > kMaxGifFps)
        return "GIF frame rate must be at most 50 fps (browsers slow down faster GIFs); choose 25 or 50";
    if (crf != -1 && (crf < 0 || crf > maxCrf(format)) && maxCrf(format) > 0)
        return "quality (CRF) for " + toString(format) + " must be −1 (default) or 0 … " +
               std::to_string(maxCrf(format));
    const auto& presets = x264PresetNames();
    if (std::find(presets.begin(), presets.end(), x264Preset) == presets.end())
        return "unknown x264 preset '" + x264Preset + "' (ultrafast, superfast, veryfast, faster, fast, medium, "
               "slow, slower, veryslow)";
    if (vp9Speed < 0 || vp9Speed > 8) return "VP9 speed must be 0 … 8";
    if (threads < 1 || threads > 16) return "encoder threads must be 1 … 16";
    if (gifMaxColors < 2 || gifMaxColors > 256) return "GIF palette size must be 2 … 256 colours";
    if (pngCompressionLevel < 0 || pngCompressionLevel > 9) return "PNG compression level must be 0 … 9";
    return {};
}

std::string toString(VideoFormat format) {
    switch (format) {
        case VideoFormat::Mp4: return "mp4";
        case VideoFormat::WebM: return "webm";
        case VideoFormat::Gif: return "gif";
        case VideoFormat::PngSequence: return "png-sequence";
        case VideoFormat::PngStill: return "png";
    }
    return "unknown";
}

Result<VideoFormat> parseVideoFormat(const std::string& name) {
    for (VideoFormat f : {VideoFormat::Mp4, VideoFormat::WebM, VideoFormat::Gif, VideoFormat::PngSequence,
                          VideoFormat::PngStill})
        if (lower(name) == toString(f)) return f;
    return Error{"unknown export format '" + name + "' (mp4, webm, gif, png-sequence, png)"};
}

std::string videoFormatExtension(VideoFormat format) {
    switch (format) {
        case VideoFormat::Mp4: return ".mp4";
        case VideoFormat::WebM: return ".webm";
        case VideoFormat::Gif: return ".gif";
        case VideoFormat::PngStill: return ".png";
        case VideoFormat::PngSequence: return "";
    }
    return "";
}

Result<VideoFormat> videoFormatFromPath(const std::string& path) {
    if (path.empty()) return Error{"no output path given"};
    if (path.back() == '/') return VideoFormat::PngSequence;
    const std::string p = lower(path);
    for (VideoFormat f : {VideoFormat::Mp4, VideoFormat::WebM, VideoFormat::Gif, VideoFormat::PngStill})
        if (endsWith(p, videoFormatExtension(f))) return f;
    return Error{path + ": cannot tell the format from the name (use .mp4, .webm, .gif, .png, or a folder "
                        "ending in / for a PNG sequence)"};
}

}  // namespace flowlab::core
