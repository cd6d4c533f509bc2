#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "export/video_options.hpp"

namespace flowlab {
namespace {

using core::VideoFormat;
using core::VideoOptions;

VideoOptions optionsFor(VideoFormat format) {
    VideoOptions o;
    o.format = format;
    return o;
}

TEST(VideoOptions, defaults_areValidForEveryFormat) {
    for (VideoFormat f : {VideoFormat::Mp4, VideoFormat::WebM, VideoFormat::Gif, VideoFormat::PngSequence,
                          VideoFormat::PngStill})
        EXPECT_EQ(optionsFor(f).validate(), "") << core::toString(f);
}

TEST(VideoOptions, oddSize_refusedForYuvFormatsOnly) {
    for (VideoFormat f : {VideoFormat::Mp4, VideoFormat::WebM}) {
        VideoOptions o = optionsFor(f);
        o.width = 641;
        EXPECT_NE(o.validate().find("even"), std::string::npos) << core::toString(f);
    }
    for (VideoFormat f : {VideoFormat::Gif, VideoFormat::PngSequence, VideoFormat::PngStill}) {
        VideoOptions o = optionsFor(f);
        o.width = 641;
        o.height = 33;
        EXPECT_EQ(o.validate(), "") << core::toString(f);
    }
}

TEST(VideoOptions, sizeOutOfRange_refused) {
    VideoOptions o;
    o.width = 0;
    EXPECT_NE(o.validate(), "");
    o.width = core::kMaxVideoSide + 2;
    EXPECT_NE(o.validate(), "");
    o.width = 3840;
    o.height = 2160;  // 4K is fine
    EXPECT_EQ(o.validate(), "");
}

TEST(VideoOptions, badFps_refused) {
    VideoOptions o;
    for (double fps : {0.0, -30.0, std::numeric_limits<double>::quiet_NaN(),
                       std::numeric_limits<double>::infinity(), core::kMaxFps + 1}) {
        o.fps = fps;
        EXPECT_NE(o.validate(), "") << fps;
    }
    for (double fps : {24.0, 30.0, 60.0, 29.97, 12.5}) {
        o.fps = fps;
        EXPECT_EQ(o.validate(), "") << fps;
    }
}

TEST(VideoOptions, fastGif_refusedWithReason) {
    VideoOptions o = optionsFor(VideoFormat::Gif);
    o.fps = 60;
    EXPECT_NE(o.validate().find("GIF"), std::string::npos);
    o.fps = core::kMaxGifFps;
    EXPECT_EQ(o.validate(), "");
}

TEST(VideoOptions, crfOutOfRange_refused) {
    VideoOptions mp4 = optionsFor(VideoFormat::Mp4);
    mp4.crf = 52;
    EXPECT_NE(mp4.validate(), "");
    mp4.crf = 51;
    EXPECT_EQ(mp4.validate(), "");
    VideoOptions webm = optionsFor(VideoFormat::WebM);
    webm.crf = 63;
    EXPECT_EQ(webm.validate(), "");
    webm.crf = 64;
    EXPECT_NE(webm.validate(), "");
}

TEST(VideoOptions, unknownPresetOrThreads_refused) {
    VideoOptions o;
    o.x264Preset = "warp";
    EXPECT_NE(o.validate().find("warp"), std::string::npos);
    o = VideoOptions{};
    o.threads = 0;
    EXPECT_NE(o.validate(), "");
}

TEST(VideoFormatFromPath, extensionsAndFolders) {
    EXPECT_EQ(*core::videoFormatFromPath("a/b.mp4"), VideoFormat::Mp4);
    EXPECT_EQ(*core::videoFormatFromPath("CLIP.WEBM"), VideoFormat::WebM);
    EXPECT_EQ(*core::videoFormatFromPath("x.gif"), VideoFormat::Gif);
    EXPECT_EQ(*core::videoFormatFromPath("still.png"), VideoFormat::PngStill);
    EXPECT_EQ(*core::videoFormatFromPath("frames/"), VideoFormat::PngSequence);
    EXPECT_FALSE(core::videoFormatFromPath("movie.avi").ok());
    EXPECT_FALSE(core::videoFormatFromPath("").ok());
}

TEST(VideoFormat, parseInvertsToString) {
    for (VideoFormat f : {VideoFormat::Mp4, VideoFormat::WebM, VideoFormat::Gif, VideoFormat::PngSequence,
                          VideoFormat::PngStill})
        EXPECT_EQ(*core::parseVideoFormat(core::toString(f)), f);
    EXPECT_FALSE(core::parseVideoFormat("avi").ok());
}

}  // namespace
}  // namespace flowlab
