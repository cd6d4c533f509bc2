#include "test_media.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace flowlab::test {
namespace {

std::string err(int code) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buf, sizeof buf);
    return buf;
}

// Converts a decoded frame to packed RGBA, honouring the stream's colour tags.
std::vector<std::uint8_t> toRgba(const AVFrame* f) {
    SwsContext* sws = sws_getContext(f->width, f->height, AVPixelFormat(f->format), f->width, f->height,
                                     AV_PIX_FMT_RGBA, SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                                     nullptr, nullptr, nullptr);
    if (f->colorspace == AVCOL_SPC_BT709) {
        sws_setColorspaceDetails(sws, sws_getCoefficients(SWS_CS_ITU709), f->color_range == AVCOL_RANGE_JPEG,
                                 sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    }
    std::vector<std::uint8_t> out(std::size_t(f->width) * f->height * 4);
    std::uint8_t* dst[4] = {out.data(), nullptr, nullptr, nullptr};
    int stride[4] = {f->width * 4, 0, 0, 0};
    sws_scale(sws, f->data, f->linesize, 0, f->height, dst, stride);
    sws_freeContext(sws);
    return out;
}

std::string encodeImage(AVCodecID id, AVPixelFormat fmt, const std::vector<std::uint8_t>& rgba, int w, int h,
                        int q) {
    const AVCodec* codec = avcodec_find_encoder(id);
    AVCodecContext* c = avcodec_alloc_context3(codec);
    c->width = w;
    c->height = h;
    c->pix_fmt = fmt;
    c->time_base = AVRational{1, 25};
    c->color_range = AVCOL_RANGE_JPEG;
    if (q > 0) {
        c->flags |= AV_CODEC_FLAG_QSCALE;
        c->global_quality = FF_QP2LAMBDA * q;
    }
    if (avcodec_open2(c, codec, nullptr) < 0) {
        std::cerr << "test_media: cannot open encoder\n";
        std::abort();
    }
    AVFrame* f = av_frame_alloc();
    f->width = w;
    f->height = h;
    f->format = fmt;
    av_frame_get_buffer(f, 0);
    SwsContext* sws = sws_getContext(w, h, AV_PIX_FMT_RGBA, w, h, fmt, SWS_BICUBIC | SWS_ACCURATE_RND, nullptr,
                                     nullptr, nullptr);
    const std::uint8_t* src[4] = {rgba.data(), nullptr, nullptr, nullptr};
    int srcStride[4] = {w * 4, 0, 0, 0};
    sws_scale(sws, src, srcStride, 0, h, f->data, f->linesize);
    sws_freeContext(sws);
    f->quality = c->global_quality;
    f->pts = 0;
    AVPacket* p = av_packet_alloc();
    std::string out;
    if (avcodec_send_frame(c, f) >= 0 && avcodec_receive_packet(c, p) >= 0)
        out.assign(reinterpret_cast<const char*>(p->data), std::size_t(p->size));
    av_packet_free(&p);
    av_frame_free(&f);
    avcodec_free_context(&c);
    if (out.empty()) {
        std::cerr << "test_media: encoding failed\n";
        std::abort();
    }
    return out;
}

}  // namespace

core::Result<DecodedVideo> decodeVideo(const std::string& path) {
    AVFormatContext* fmt = nullptr;
    int ret = avformat_open_input(&fmt, path.c_str(), nullptr, nullptr);
    if (ret < 0) return core::Error{"open: " + err(ret)};
    DecodedVideo out;
    AVCodecContext* dec = nullptr;
    AVPacket* pkt = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    auto cleanup = [&] {
        av_frame_free(&frame);
        av_packet_free(&pkt);
        avcodec_free_context(&dec);
        avformat_close_input(&fmt);
    };
    if ((ret = avformat_find_stream_info(fmt, nullptr)) < 0) {
        cleanup();
        return core::Error{"stream info: " + err(ret)};
    }
    const int si = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (si < 0) {
        cleanup();
        return core::Error{"no video stream"};
    }
    AVStream* st = fmt->streams[si];
    const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
    dec = avcodec_alloc_context3(codec);
    avcodec_parameters_to_context(dec, st->codecpar);
    dec->thread_count = 1;
    if ((ret = avcodec_open2(dec, codec, nullptr)) < 0) {
        cleanup();
        return core::Error{"decoder: " + err(ret)};
    }
    out.container = fmt->iformat->name;
    out.codec = avcodec_get_name(st->codecpar->codec_id);
    const char* pf = av_get_pix_fmt_name(AVPixelFormat(st->codecpar->format));
    out.pixelFormat = pf ? pf : "";
    const char* cs = av_color_space_name(st->codecpar->color_space);
    out.colorSpace = st->codecpar->color_space == AVCOL_SPC_UNSPECIFIED || !cs ? "" : cs;
    out.width = st->codecpar->width;
    out.height = st->codecpar->height;
    out.fps = st->avg_frame_rate.den ? av_q2d(st->avg_frame_rate) : 0.0;
    out.timeBase = av_q2d(st->time_base);

    auto receive = [&]() -> int {
        while (true) {
            const int r = avcodec_receive_frame(dec, frame);
            if (r == AVERROR(EAGAIN) || r == AVERROR_EOF) return 0;
            if (r < 0) return r;
            out.pts.push_back(frame->best_effort_timestamp);
            out.rgba.push_back(toRgba(frame));
            av_frame_unref(frame);
        }
    };
    while ((ret = av_read_frame(fmt, pkt)) >= 0) {
        if (pkt->stream_index == si) {
            ret = avcodec_send_packet(dec, pkt);
            if (ret >= 0) ret = receive();
        }
        av_packet_unref(pkt);
        if (ret < 0) break;
    }
    if (ret == AVERROR_EOF || ret >= 0) {
        avcodec_send_packet(dec, nullptr);
        ret = receive();
    }
    cleanup();
    if (ret < 0) return core::Error{"decode: " + err(ret)};
    return out;
}

std::string encodeJpeg(const std::vector<std::uint8_t>& rgba, int width, int height, int q) {
    return encodeImage(AV_CODEC_ID_MJPEG, AV_PIX_FMT_YUVJ444P, rgba, width, height, q);
}

std::string encodeBmp(const std::vector<std::uint8_t>& rgba, int width, int height) {
    return encodeImage(AV_CODEC_ID_BMP, AV_PIX_FMT_BGRA, rgba, width, height, 0);
}

std::vector<std::uint8_t> syntheticFrame(int width, int height, int k) {
    std::vector<std::uint8_t> px(std::size_t(width) * height * 4);
    const int side = std::max(2, std::min(width, height) / 4);
    const int sx = (k * 7) % std::max(1, width - side), sy = (k * 3) % std::max(1, height - side);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = &px[(std::size_t(y) * width + x) * 4];
            const bool inSquare = x >= sx && x < sx + side && y >= sy && y < sy + side;
            p[0] = inSquare ? 250 : std::uint8_t(40 + 160 * x / std::max(1, width - 1));
            p[1] = inSquare ? 240 : std::uint8_t(30 + 150 * y / std::max(1, height - 1));
            p[2] = inSquare ? 60 : std::uint8_t(120 + (k * 5) % 100);
            p[3] = 255;
        }
    }
    return px;
}

std::vector<std::uint8_t> swapRedBlue(std::vector<std::uint8_t> rgba) {
    for (std::size_t i = 0; i + 3 < rgba.size(); i += 4) std::swap(rgba[i], rgba[i + 2]);
    return rgba;
}

double meanAbsRgbDifference(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    if (a.size() != b.size() || a.empty()) return 1e9;
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (i % 4 == 3) continue;
        sum += std::abs(int(a[i]) - int(b[i]));
        ++n;
    }
    return sum / double(n);
}

std::string exifPayload(int value, bool bigEndian) {
    std::string p("Exif\0\0", 6);
    auto u16 = [&](unsigned v) {
        if (bigEndian) p += {char(v >> 8), char(v & 0xff)};
        else p += {char(v & 0xff), char(v >> 8)};
    };
    auto u32 = [&](unsigned v) {
        if (bigEndian) { u16(v >> 16); u16(v & 0xffff); }
        else { u16(v & 0xffff); u16(v >> 16); }
    };
    p += bigEndian ? "MM" : "II";
    u16(42);
    u32(8);       // IFD0 right after the TIFF header
    u16(1);       // one entry
    u16(0x0112);  // Orientation
    u16(3);       // SHORT
    u32(1);
    u16(unsigned(value));
    u16(0);
    u32(0);       // no next IFD
    return p;
}

std::string withExif(const std::string& jpeg, int orientation) {
    const std::string payload = exifPayload(orientation, true);
    const std::size_t len = payload.size() + 2;
    std::string seg = {char(0xFF), char(0xE1), char(len >> 8), char(len & 0xff)};
    return jpeg.substr(0, 2) + seg + payload + jpeg.substr(2);
}

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
}

}  // namespace flowlab::test
