#include "image/image_decoder.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "image/exif_orientation.hpp"
#include "image/image_limits.hpp"
#include "io/file_io.hpp"
#include "media/av_handles.hpp"
#include "media/av_support.hpp"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

namespace flowlab::core {
namespace {

AVCodecID codecFor(ImageFormat f) {
    switch (f) {
        case ImageFormat::Png: return AV_CODEC_ID_PNG;
        case ImageFormat::Jpeg: return AV_CODEC_ID_MJPEG;
        case ImageFormat::Bmp: return AV_CODEC_ID_BMP;
    }
    return AV_CODEC_ID_NONE;
}

// A JPEG cut short loses its end-of-image marker; FFmpeg's decoder would return a partly grey
// picture instead of an error, so the marker is required (trailing bytes after it are fine).
bool jpegHasEndMarker(const std::string& b) {
    for (std::size_t i = b.size(); i >= 2; --i)
        if (std::uint8_t(b[i - 2]) == 0xFF && std::uint8_t(b[i - 1]) == 0xD9) return true;
    return false;
}

// The size that fits inside maxW × maxH with the image's aspect ratio (never below 1 pixel).
void fitInside(int w, int h, int maxW, int maxH, int& outW, int& outH) {
    const double scale = std::min({1.0, double(maxW) / w, double(maxH) / h});
    outW = std::clamp(int(std::lround(w * scale)), 1, maxW);
    outH = std::clamp(int(std::lround(h * scale)), 1, maxH);
}

Result<media::FramePtr> decodePicture(const std::string& bytes, const ImageHeader& header,
                                      const std::string& name) {
    const std::string kind = toString(header.format);
    const AVCodec* codec = avcodec_find_decoder(codecFor(header.format));
    if (!codec) return Error{name + ": this FFmpeg build has no " + kind + " decoder"};
    media::CodecContextPtr ctx(avcodec_alloc_context3(codec));
    media::PacketPtr packet(av_packet_alloc());
    media::FramePtr frame(av_frame_alloc());
    if (!ctx || !packet || !frame) return Error{name + ": out of memory"};
    ctx->thread_count = 1;
    ctx->max_pixels = kMaxImagePixels;  // a second guard, inside FFmpeg's buffer allocation
    // Strict: check PNG chunk CRCs and stop at the first damaged byte instead of concealing it
    // (a corrupt file is refused rather than turned into a subtly wrong density). For JPEG this
    // also refuses files with entropy-coding errors that lenient viewers would conceal.
    ctx->err_recognition = AV_EF_CRCCHECK | AV_EF_BITSTREAM | AV_EF_BUFFER | AV_EF_EXPLODE;
    if (avcodec_open2(ctx.get(), codec, nullptr) < 0) return Error{name + ": cannot start the " + kind + " decoder"};

    if (bytes.size() > std::size_t(INT32_MAX - AV_INPUT_BUFFER_PADDING_SIZE)) return Error{name + ": file too large"};
    if (av_new_packet(packet.get(), int(bytes.size())) < 0) return Error{name + ": out of memory"};
    std::memcpy(packet->data, bytes.data(), bytes.size());

    int ret = avcodec_send_packet(ctx.get(), packet.get());
    if (ret >= 0) ret = avcodec_send_packet(ctx.get(), nullptr);
    if (ret >= 0 || ret == AVERROR_EOF) ret = avcodec_receive_frame(ctx.get(), frame.get());
    if (ret < 0) {
        return Error{name + ": corrupt or truncated " + kind + " file (" + media::avErrorText(ret) + ")"};
    }
    if (frame->decode_error_flags != 0 || (frame->flags & AV_FRAME_FLAG_CORRUPT))
        return Error{name + ": corrupt " + kind + " file (damaged image data)"};
    if (frame->width != header.width || frame->height != header.height)
        return Error{name + ": corrupt " + kind + " file (decoded size differs from the header)"};
    return frame;
}

}  // namespace

std::string ImageDecodeOptions::validate() const {
    if (maxWidth < 1 || maxWidth > kMaxImageSide || maxHeight < 1 || maxHeight > kMaxImageSide)
        return "maximum raster size must be between 1 and " + std::to_string(kMaxImageSide) + " pixels per side";
    if (maxFileBytes == 0) return "maximum file size must be positive";
    return {};
}

Result<ImageRaster> decodeImageFile(const std::string& path, const ImageDecodeOptions& options) {
    if (std::string err = options.validate(); !err.empty()) return Error{"image options: " + err};
    auto bytes = readTextFile(path, options.maxFileBytes);
    if (!bytes) return Error{bytes.message()};
    return decodeImageData(*bytes, options, path);
}

Result<ImageRaster> decodeImageData(const std::string& bytes, const ImageDecodeOptions& options,
                                    const std::string& name) {
    if (std::string err = options.validate(); !err.empty()) return Error{"image options: " + err};
    if (bytes.size() > options.maxFileBytes) return Error{name + ": file is too large"};
    media::configureFfmpegLogging();

    auto header = readImageHeader(bytes, name);
    if (!header) return Error{header.message()};
    if (header->format == ImageFormat::Jpeg && !jpegHasEndMarker(bytes))
        return Error{name + ": truncated JPEG file (no end-of-image marker)"};

    auto decoded = decodePicture(bytes, *header, name);
    if (!decoded) return Error{decoded.message()};
    const AVFrame* frame = decoded->get();

    ImageRaster raster;
    raster.format = header->format;
    raster.sourceWidth = frame->width;
    raster.sourceHeight = frame->height;
    raster.orientation = header->orientation;
    // Fit the picture as it will be shown (axes swapped for orientations 5 … 8), then scale the
    // stored picture to the matching size.
    const bool swap = orientationSwapsAxes(header->orientation);
    int shownW = 0, shownH = 0;
    fitInside(swap ? frame->height : frame->width, swap ? frame->width : frame->height, options.maxWidth,
              options.maxHeight, shownW, shownH);
    raster.width = swap ? shownH : shownW;  // stored orientation until applyExifOrientation
    raster.height = swap ? shownW : shownH;
    raster.downsampled = raster.width != frame->width || raster.height != frame->height;

    // Convert (and, for a huge image, area-average down) to 8-bit RGBA with straight alpha.
    const int flags = (raster.downsampled ? SWS_AREA : SWS_POINT) | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT |
                      SWS_FULL_CHR_H_INP;
    media::SwsContextPtr sws(sws_getContext(frame->width, frame->height, AVPixelFormat(frame->format),
                                            raster.width, raster.height, AV_PIX_FMT_RGBA, flags, nullptr,
                                            nullptr, nullptr));
    if (!sws) {
        const char* fmt = av_get_pix_fmt_name(AVPixelFormat(frame->format));
        return Error{name + ": unsupported pixel format (" + std::string(fmt ? fmt : "unknown") + ")"};
    }
    const std::size_t n = std::size_t(raster.width) * std::size_t(raster.height);
    std::vector<std::uint8_t> rgba(n * 4);
    std::uint8_t* dst[4] = {rgba.data(), nullptr, nullptr, nullptr};
    int dstStride[4] = {raster.width * 4, 0, 0, 0};
    const int rows = sws_scale(sws.get(), frame->data, frame->linesize, 0, frame->height, dst, dstStride);
    if (rows != raster.height) return Error{name + ": pixel conversion failed"};

    applyExifOrientation(rgba, raster.width, raster.height, header->orientation);

    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(AVPixelFormat(frame->format));
    raster.grey = desc && desc->nb_components <= 2 && !(desc->flags & AV_PIX_FMT_FLAG_PAL);
    raster.intensity.resize(n);
    raster.alpha.resize(n);
    raster.rgb.resize(3 * n);
    constexpr double kScale = 1.0 / 255.0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* p = &rgba[4 * i];
        // min(): the weights sum to 1 only up to rounding.
        raster.intensity[i] = std::min(1.0, (kLumaRed * p[0] + kLumaGreen * p[1] + kLumaBlue * p[2]) * kScale);
        raster.alpha[i] = p[3] * kScale;
        std::copy_n(p, 3, &raster.rgb[3 * i]);
    }
    return raster;
}

}  // namespace flowlab::core
