// EXIF orientation: phone and camera JPEGs come out the way they are meant to be seen.
#include <gtest/gtest.h>

#include "image/exif_orientation.hpp"
#include "image/image_decoder.hpp"
#include "test_media.hpp"

namespace flowlab {
namespace {

constexpr double kJpegTolerance = 0.1;  // intensity error at the centre of a flat JPEG block

TEST(ExifOrientation, readsBothByteOrders) {
    for (int v = 1; v <= 8; ++v) {
        EXPECT_EQ(core::readExifOrientation(test::exifPayload(v, true)), v);
        EXPECT_EQ(core::readExifOrientation(test::exifPayload(v, false)), v);
    }
}

TEST(ExifOrientation, garbageOrOutOfRange_meansAsStored) {
    EXPECT_EQ(core::readExifOrientation(""), 1);
    EXPECT_EQ(core::readExifOrientation(std::string("Exif\0\0XX", 8)), 1);
    EXPECT_EQ(core::readExifOrientation(test::exifPayload(9, true)), 1);
    std::string cut = test::exifPayload(6, true);
    EXPECT_EQ(core::readExifOrientation(cut.substr(0, cut.size() - 12)), 1);
}

// A w × h picture whose pixel i has red = i (an identity we can follow through a transform).
std::vector<std::uint8_t> numbered(int w, int h) {
    std::vector<std::uint8_t> px(std::size_t(w) * h * 4, 255);
    for (int i = 0; i < w * h; ++i) px[std::size_t(i) * 4] = std::uint8_t(i);
    return px;
}

std::vector<int> reds(const std::vector<std::uint8_t>& px) {
    std::vector<int> r;
    for (std::size_t i = 0; i < px.size(); i += 4) r.push_back(px[i]);
    return r;
}

TEST(ExifOrientation, rotateClockwise_onSmallPicture) {
    // a b c        d a
    // d e f   →    e b
    //              f c
    auto px = numbered(3, 2);
    int w = 3, h = 2;
    core::applyExifOrientation(px, w, h, 6);
    EXPECT_EQ(w, 2);
    EXPECT_EQ(h, 3);
    EXPECT_EQ(reds(px), (std::vector<int>{3, 0, 4, 1, 5, 2}));
}

TEST(ExifOrientation, inversePairs_restoreThePicture) {
    const std::pair<int, int> inverses[] = {{2, 2}, {3, 3}, {4, 4}, {5, 5}, {6, 8}, {8, 6}, {7, 7}};
    for (auto [a, b] : inverses) {
        auto px = numbered(5, 3);
        int w = 5, h = 3;
        core::applyExifOrientation(px, w, h, a);
        core::applyExifOrientation(px, w, h, b);
        EXPECT_EQ(w, 5);
        EXPECT_EQ(h, 3);
        EXPECT_EQ(px, numbered(5, 3)) << a << " then " << b;
    }
}

TEST(ExifOrientation, jpegTaggedRotate90_decodesUpright) {
    // 64 × 32, white block in the top-left 16 × 16 corner, black elsewhere.
    constexpr int w = 64, h = 32;
    std::vector<std::uint8_t> px(std::size_t(w) * h * 4, 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = &px[(std::size_t(y) * w + x) * 4];
            p[3] = 255;
            if (x < 16 && y < 16) p[0] = p[1] = p[2] = 255;
        }
    auto r = core::decodeImageData(test::withExif(test::encodeJpeg(px, w, h), 6), {}, "phone.jpg");
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->orientation, 6);
    EXPECT_EQ(r->width, h);
    EXPECT_EQ(r->height, w);
    EXPECT_EQ(r->sourceWidth, w);
    // Rotated clockwise: the stored top-left corner is now the top-right corner.
    EXPECT_NEAR(r->intensityAt(h - 8, 8), 1.0, kJpegTolerance);
    EXPECT_NEAR(r->intensityAt(8, 8), 0.0, kJpegTolerance);
    EXPECT_NEAR(r->intensityAt(h - 8, w - 8), 0.0, kJpegTolerance);
}

TEST(ExifOrientation, downsampleFitsTheShownPicture) {
    constexpr int w = 200, h = 100;
    std::vector<std::uint8_t> px(std::size_t(w) * h * 4, 128);
    core::ImageDecodeOptions o;
    o.maxWidth = 50;   // shown picture is 100 wide × 200 tall → 50 × 100
    o.maxHeight = 100;
    auto r = core::decodeImageData(test::withExif(test::encodeJpeg(px, w, h), 8), o, "phone.jpg");
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_TRUE(r->downsampled);
    EXPECT_EQ(r->width, 50);
    EXPECT_EQ(r->height, 100);
}

}  // namespace
}  // namespace flowlab
