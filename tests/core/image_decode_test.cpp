// Decoding PNG/JPEG/BMP files into rasters: right pixels, downsampling, and clear refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "image/image_decoder.hpp"
#include "image/image_limits.hpp"
#include "image/png_encoder.hpp"
#include "test_media.hpp"

namespace flowlab {
namespace {

constexpr double kExact = 1e-12;       // PNG and BMP are lossless
constexpr double kJpegMeanError = 0.02;  // mean |Δintensity| of a q=2 JPEG of a smooth image
constexpr double kJpegMaxError = 0.12;

double luma(const std::uint8_t* p) {
    return (core::kLumaRed * p[0] + core::kLumaGreen * p[1] + core::kLumaBlue * p[2]) / 255.0;
}

// A smooth colour image with an alpha ramp (alpha: 255 at x = 0, falling to the right).
std::vector<std::uint8_t> gradientImage(int w, int h, bool withAlpha) {
    std::vector<std::uint8_t> px(std::size_t(w) * h * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = &px[(std::size_t(y) * w + x) * 4];
            p[0] = std::uint8_t(255 * x / (w - 1));
            p[1] = std::uint8_t(255 * y / (h - 1));
            p[2] = std::uint8_t(128 + 100 * std::sin(0.1 * (x + y)));
            p[3] = withAlpha ? std::uint8_t(255 - 200 * x / (w - 1)) : 255;
        }
    return px;
}

std::string pngBytes(const std::vector<std::uint8_t>& px, int w, int h) {
    auto bytes = core::encodePng(px.data(), w, h, w * 4, core::PixelLayout::Rgba);
    EXPECT_TRUE(bytes.ok());
    return bytes.ok() ? *bytes : std::string();
}

void expectExact(const core::ImageRaster& r, const std::vector<std::uint8_t>& px, int w, int h) {
    ASSERT_EQ(r.width, w);
    ASSERT_EQ(r.height, h);
    ASSERT_EQ(r.intensity.size(), std::size_t(w) * h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const std::uint8_t* p = &px[(std::size_t(y) * w + x) * 4];
            ASSERT_NEAR(r.intensityAt(x, y), luma(p), kExact);
            ASSERT_NEAR(r.alphaAt(x, y), p[3] / 255.0, kExact);
        }
}

TEST(ImageDecode, png_exactPixelsAndAlpha) {
    constexpr int w = 64, h = 48;
    const auto px = gradientImage(w, h, true);
    auto r = core::decodeImageData(pngBytes(px, w, h));
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->format, core::ImageFormat::Png);
    EXPECT_FALSE(r->downsampled);
    EXPECT_EQ(r->sourceWidth, w);
    expectExact(*r, px, w, h);
}

TEST(ImageDecode, rowZeroIsTheTopRow) {
    constexpr int w = 4, h = 3;
    std::vector<std::uint8_t> px(std::size_t(w) * h * 4, 0);
    for (int x = 0; x < w; ++x) px[std::size_t(x) * 4 + 0] = px[std::size_t(x) * 4 + 1] = px[std::size_t(x) * 4 + 2] = 255;
    for (std::size_t i = 3; i < px.size(); i += 4) px[i] = 255;
    auto r = core::decodeImageData(pngBytes(px, w, h));
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r->intensityAt(2, 0), 1.0, kExact);
    EXPECT_NEAR(r->intensityAt(2, h - 1), 0.0, kExact);
}

TEST(ImageDecode, bmp_exactPixels) {
    constexpr int w = 37, h = 21;  // odd width: BMP rows are padded
    const auto px = gradientImage(w, h, true);
    auto r = core::decodeImageData(test::encodeBmp(px, w, h), {}, "test.bmp");
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->format, core::ImageFormat::Bmp);
    expectExact(*r, px, w, h);
}

TEST(ImageDecode, jpeg_approximatePixelsOpaque) {
    constexpr int w = 64, h = 48;
    const auto px = gradientImage(w, h, false);
    auto r = core::decodeImageData(test::encodeJpeg(px, w, h), {}, "test.jpg");
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->format, core::ImageFormat::Jpeg);
    ASSERT_EQ(r->width, w);
    ASSERT_EQ(r->height, h);
    double sum = 0, worst = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double e = std::abs(r->intensityAt(x, y) - luma(&px[(std::size_t(y) * w + x) * 4]));
            sum += e;
            worst = std::max(worst, e);
            ASSERT_EQ(r->alphaAt(x, y), 1.0);
        }
    EXPECT_LT(sum / (w * h), kJpegMeanError);
    EXPECT_LT(worst, kJpegMaxError);
}

TEST(ImageDecode, file_sameAsData) {
    test::TempDir dir;
    const auto px = gradientImage(20, 10, true);
    test::writeBytes(dir.file("a.png"), pngBytes(px, 20, 10));
    auto r = core::decodeImageFile(dir.file("a.png"));
    ASSERT_TRUE(r.ok()) << r.message();
    expectExact(*r, px, 20, 10);
}

TEST(ImageDecode, hugeImage_downsampledToFitWithFlagAndMeanKept) {
    constexpr int w = 400, h = 100;
    const auto px = gradientImage(w, h, false);
    core::ImageDecodeOptions o;
    o.maxWidth = 100;
    o.maxHeight = 100;
    auto r = core::decodeImageData(pngBytes(px, w, h), o);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_TRUE(r->downsampled);
    EXPECT_EQ(r->width, 100);
    EXPECT_EQ(r->height, 25);  // aspect ratio kept
    EXPECT_EQ(r->sourceWidth, w);
    EXPECT_EQ(r->sourceHeight, h);
    // Area averaging keeps the mean intensity (to within the rounding to 8 bits).
    double source = 0;
    for (int i = 0; i < w * h; ++i) source += luma(&px[std::size_t(i) * 4]);
    const double mean = std::accumulate(r->intensity.begin(), r->intensity.end(), 0.0) / r->intensity.size();
    EXPECT_NEAR(mean, source / (w * h), 2.0 / 255.0);
}

TEST(ImageDecode, options_validated) {
    core::ImageDecodeOptions o;
    EXPECT_EQ(o.validate(), "");
    o.maxWidth = 0;
    EXPECT_NE(o.validate(), "");
    EXPECT_FALSE(core::decodeImageData(pngBytes(gradientImage(8, 8, false), 8, 8), o).ok());
}

bool mentions(const core::Result<core::ImageRaster>& r, const std::string& part) {
    return !r.ok() && r.message().find(part) != std::string::npos;
}

TEST(ImageDecode, missingEmptyFolderOrUnknownFiles_refusedClearly) {
    test::TempDir dir;
    EXPECT_TRUE(mentions(core::decodeImageFile(dir.file("nope.png")), "No such file"));
    EXPECT_TRUE(mentions(core::decodeImageFile(dir.path()), "folder"));
    test::writeBytes(dir.file("empty.png"), "");
    EXPECT_TRUE(mentions(core::decodeImageFile(dir.file("empty.png")), "empty"));
    test::writeBytes(dir.file("text.png"), "hello, I am not an image");
    EXPECT_TRUE(mentions(core::decodeImageFile(dir.file("text.png")), "not a PNG, JPEG or BMP"));
    core::ImageDecodeOptions small;
    small.maxFileBytes = 10;
    test::writeBytes(dir.file("big.png"), std::string(100, 'x'));
    EXPECT_TRUE(mentions(core::decodeImageFile(dir.file("big.png"), small), "too large"));
}

TEST(ImageDecode, truncatedFiles_refused) {
    constexpr int w = 64, h = 48;
    const auto px = gradientImage(w, h, true);
    const std::string png = pngBytes(px, w, h);
    const std::string jpeg = test::encodeJpeg(gradientImage(w, h, false), w, h);
    const std::string bmp = test::encodeBmp(px, w, h);
    for (const std::string* file : {&png, &jpeg, &bmp}) {
        for (double keep : {0.1, 0.5, 0.9}) {
            const std::string cut = file->substr(0, std::size_t(double(file->size()) * keep));
            auto r = core::decodeImageData(cut, {}, "cut");
            EXPECT_FALSE(r.ok()) << "kept " << keep << " of " << file->substr(0, 4);
        }
    }
    EXPECT_TRUE(mentions(core::decodeImageData(png.substr(0, png.size() / 2), {}, "cut.png"), "cut.png"));
}

TEST(ImageDecode, corruptPngData_refused) {
    constexpr int w = 64, h = 48;
    std::string png = pngBytes(gradientImage(w, h, true), w, h);
    png[png.size() / 2] = char(png[png.size() / 2] ^ 0x5a);  // inside the image data: CRC no longer matches
    auto r = core::decodeImageData(png, {}, "bad.png");
    EXPECT_TRUE(mentions(r, "corrupt")) << (r.ok() ? "accepted" : r.message());
}

// A PNG header that declares the given size (and nothing else).
std::string pngHeaderOnly(std::uint32_t w, std::uint32_t h) {
    std::string b("\x89PNG\r\n\x1a\n", 8);
    auto be = [&](std::uint32_t v) {
        for (int s = 24; s >= 0; s -= 8) b.push_back(char((v >> s) & 0xff));
    };
    be(13);
    b += "IHDR";
    be(w);
    be(h);
    b += std::string("\x08\x06\x00\x00\x00", 5);
    be(0);  // CRC (never reached)
    return b;
}

TEST(ImageDecode, absurdDimensions_refusedBeforeDecoding) {
    EXPECT_TRUE(mentions(core::decodeImageData(pngHeaderOnly(core::kMaxImageSide + 1, 10)), "too large"));
    EXPECT_TRUE(mentions(core::decodeImageData(pngHeaderOnly(12000, 12000)), "megapixels"));  // 144 MPixel
    EXPECT_TRUE(mentions(core::decodeImageData(pngHeaderOnly(0x7fffffff, 0x7fffffff)), "too large"));
    EXPECT_TRUE(mentions(core::decodeImageData(pngHeaderOnly(0, 10)), "corrupt"));
    // A BMP header declaring 50000 × 50000.
    std::string bmp = test::encodeBmp(gradientImage(8, 8, false), 8, 8);
    auto le = [&](std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) bmp[at + i] = char((v >> (8 * i)) & 0xff);
    };
    le(18, 50000);
    le(22, 50000);
    EXPECT_TRUE(mentions(core::decodeImageData(bmp), "too large"));
}

TEST(ImageHeader, readsDeclaredSizes) {
    auto png = core::readImageHeader(pngHeaderOnly(300, 200), "h");
    ASSERT_TRUE(png.ok());
    EXPECT_EQ(png->format, core::ImageFormat::Png);
    EXPECT_EQ(png->width, 300);
    EXPECT_EQ(png->height, 200);
    auto jpeg = core::readImageHeader(test::encodeJpeg(gradientImage(30, 20, false), 30, 20), "j");
    ASSERT_TRUE(jpeg.ok()) << jpeg.message();
    EXPECT_EQ(jpeg->format, core::ImageFormat::Jpeg);
    EXPECT_EQ(jpeg->width, 30);
    EXPECT_EQ(jpeg->height, 20);
    auto bmp = core::readImageHeader(test::encodeBmp(gradientImage(30, 20, false), 30, 20), "b");
    ASSERT_TRUE(bmp.ok());
    EXPECT_EQ(bmp->format, core::ImageFormat::Bmp);
    EXPECT_EQ(bmp->width, 30);
    EXPECT_EQ(bmp->height, 20);
}

}  // namespace
}  // namespace flowlab
