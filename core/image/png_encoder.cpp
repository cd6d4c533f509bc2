#include "image/png_encoder.hpp"

#include <cstring>

#include "image/image_limits.hpp"
#include "io/file_io.hpp"
#include "media/av_handles.hpp"
#include "media/av_support.hpp"

namespace flowlab::core {

struct PngEncoder::Impl {
    media::CodecContextPtr ctx;
    media::FramePtr frame;
    media::PacketPtr packet;
    PixelLayout layout = PixelLayout::Rgba;
};

PngEncoder::PngEncoder(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PngEncoder::PngEncoder(PngEncoder&&) noexcept = default;
PngEncoder& PngEncoder::operator=(PngEncoder&&) noexcept = default;
PngEncoder::~PngEncoder() = default;

int PngEncoder::width() const { return m_impl->ctx->width; }
int PngEncoder::height() const { return m_impl->ctx->height; }

Result<PngEncoder> PngEncoder::create(int width, int height, PixelLayout layout, int compressionLevel) {
    if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide)
        return Error{"PNG size must be between 1 and " + std::to_string(kMaxImageSide) + " pixels per side (got " +
                     std::to_string(width) + "×" + std::to_string(height) + ")"};
    if (compressionLevel < 0 || compressionLevel > 9) return Error{"PNG compression level must be 0 … 9"};
    media::configureFfmpegLogging();
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
    if (!codec) return Error{"this FFmpeg build has no PNG encoder"};

    auto impl = std::make_unique<Impl>();
    impl->layout = layout;
    impl->ctx.reset(avcodec_alloc_context3(codec));
    impl->frame.reset(av_frame_alloc());
    impl->packet.reset(av_packet_alloc());
    if (!impl->ctx || !impl->frame || !impl->packet) return Error{"out of memory"};
    AVCodecContext* c = impl->ctx.get();
    c->width = width;
    c->height = height;
    c->pix_fmt = AV_PIX_FMT_RGBA;
    c->time_base = AVRational{1, 1};
    c->compression_level = compressionLevel;
    c->thread_count = 1;
    c->flags |= AV_CODEC_FLAG_BITEXACT;
    if (int ret = avcodec_open2(c, codec, nullptr); ret < 0)
        return Error{"cannot start the PNG encoder (" + media::avErrorText(ret) + ")"};

    AVFrame* f = impl->frame.get();
    f->width = width;
    f->height = height;
    f->format = AV_PIX_FMT_RGBA;
    if (av_frame_get_buffer(f, 0) < 0) return Error{"out of memory"};
    return PngEncoder(std::move(impl));
}

Result<std::string> PngEncoder::encode(const std::uint8_t* pixels, int strideBytes) {
    AVCodecContext* c = m_impl->ctx.get();
    AVFrame* f = m_impl->frame.get();
    if (!pixels) return Error{"no pixels given"};
    if (strideBytes < 4 * c->width) return Error{"row stride is smaller than 4 × width"};
    if (av_frame_make_writable(f) < 0) return Error{"out of memory"};
    for (int y = 0; y < c->height; ++y) {
        const std::uint8_t* src = pixels + std::size_t(y) * std::size_t(strideBytes);
        std::uint8_t* dst = f->data[0] + std::size_t(y) * std::size_t(f->linesize[0]);
        if (m_impl->layout == PixelLayout::Rgba) {
            std::memcpy(dst, src, std::size_t(c->width) * 4);
        } else {
            for (int x = 0; x < c->width; ++x) {
                dst[4 * x + 0] = src[4 * x + 2];
                dst[4 * x + 1] = src[4 * x + 1];
                dst[4 * x + 2] = src[4 * x + 0];
                dst[4 * x + 3] = src[4 * x + 3];
            }
        }
    }
    int ret = avcodec_send_frame(c, f);
    if (ret < 0) return Error{"PNG encoding failed (" + media::avErrorText(ret) + ")"};
    ret = avcodec_receive_packet(c, m_impl->packet.get());
    if (ret < 0) return Error{"PNG encoding failed (" + media::avErrorText(ret) + ")"};
    std::string out(reinterpret_cast<const char*>(m_impl->packet->data), std::size_t(m_impl->packet->size));
    av_packet_unref(m_impl->packet.get());
    return out;
}

Result<std::string> encodePng(const std::uint8_t* pixels, int width, int height, int strideBytes,
                              PixelLayout layout) {
    auto encoder = PngEncoder::create(width, height, layout);
    if (!encoder) return Error{encoder.message()};
    return encoder->encode(pixels, strideBytes);
}

Status writePng(const std::string& path, const std::uint8_t* pixels, int width, int height, int strideBytes,
                PixelLayout layout) {
    auto bytes = encodePng(pixels, width, height, strideBytes, layout);
    if (!bytes) return Error{path + ": " + bytes.message()};
    return writeFileAtomic(path, *bytes);
}

}  // namespace flowlab::core
