// Byte mutations of valid PNG/JPEG/BMP files: the decoder must never crash, hang or return an
// inconsistent raster; it either refuses with a message or returns a well-formed raster.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "image/image_decoder.hpp"
#include "image/png_encoder.hpp"
#include "test_media.hpp"

namespace flowlab {
namespace {

constexpr int kWidth = 48;
constexpr int kHeight = 32;
constexpr int kMutationsPerFormat = 1500;
constexpr unsigned kSeed = 20240601;

std::vector<std::uint8_t> image() {
    std::vector<std::uint8_t> px(std::size_t(kWidth) * kHeight * 4);
    for (std::size_t i = 0; i < px.size(); ++i) px[i] = std::uint8_t((i * 29 + (i / 191) * 7) % 256);
    for (std::size_t i = 3; i < px.size(); i += 4) px[i] = 255;
    return px;
}

// One random edit: flip bits, overwrite a run with random or extreme bytes, cut, or duplicate.
std::string mutate(std::string b, std::mt19937& rng) {
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    const int edits = 1 + int(pick(4));
    for (int e = 0; e < edits && !b.empty(); ++e) {
        switch (pick(5)) {
            case 0: b[pick(b.size())] ^= char(1u << pick(8)); break;
            case 1: {
                const std::size_t at = pick(b.size());
                for (std::size_t i = at; i < std::min(b.size(), at + 1 + pick(16)); ++i) b[i] = char(rng());
                break;
            }
            case 2: {
                const std::size_t at = pick(b.size());
                const char v = pick(2) ? char(0xff) : char(0);
                for (std::size_t i = at; i < std::min(b.size(), at + 4); ++i) b[i] = v;
                break;
            }
            case 3: b.resize(pick(b.size())); break;
            default: {
                const std::size_t at = pick(b.size());
                b.insert(at, b.substr(pick(b.size()), 1 + pick(64)));
                break;
            }
        }
    }
    return b;
}

struct FuzzTally {
    int accepted = 0;
    int refused = 0;
};

FuzzTally fuzz(const std::string& valid, const std::string& label) {
    std::mt19937 rng(kSeed);
    FuzzTally tally;
    core::ImageDecodeOptions o;
    o.maxWidth = 256;  // keep accepted-but-mangled sizes cheap
    o.maxHeight = 256;
    for (int i = 0; i < kMutationsPerFormat; ++i) {
        const std::string bytes = mutate(valid, rng);
        auto r = core::decodeImageData(bytes, o, label);
        if (!r.ok()) {
            EXPECT_FALSE(r.message().empty());
            ++tally.refused;
            continue;
        }
        ++tally.accepted;
        const std::size_t n = std::size_t(r->width) * std::size_t(r->height);
        EXPECT_GT(n, 0u);
        EXPECT_EQ(r->intensity.size(), n);
        EXPECT_EQ(r->alpha.size(), n);
        for (std::size_t k = 0; k < n; ++k) {
            if (!(r->intensity[k] >= 0.0 && r->intensity[k] <= 1.0 && r->alpha[k] >= 0.0 && r->alpha[k] <= 1.0)) {
                ADD_FAILURE() << label << " mutation " << i << ": value out of [0,1]";
                break;
            }
        }
    }
    return tally;
}

TEST(ImageFuzz, mutatedPng_neverCrashesAndMostlyRefused) {
    const auto px = image();
    auto png = core::encodePng(px.data(), kWidth, kHeight, kWidth * 4, core::PixelLayout::Rgba);
    ASSERT_TRUE(png.ok());
    const FuzzTally t = fuzz(*png, "fuzz.png");
    // PNG chunks carry CRCs: nearly every mutation must be detected.
    EXPECT_GT(t.refused, kMutationsPerFormat * 9 / 10) << "accepted " << t.accepted;
}

TEST(ImageFuzz, mutatedJpeg_neverCrashes) {
    const FuzzTally t = fuzz(test::encodeJpeg(image(), kWidth, kHeight), "fuzz.jpg");
    EXPECT_EQ(t.accepted + t.refused, kMutationsPerFormat);
    EXPECT_GT(t.refused, 0);
}

TEST(ImageFuzz, mutatedJpegWithExif_neverCrashes) {
    const FuzzTally t = fuzz(test::withExif(test::encodeJpeg(image(), kWidth, kHeight), 6), "fuzz-exif.jpg");
    EXPECT_EQ(t.accepted + t.refused, kMutationsPerFormat);
    EXPECT_GT(t.refused, 0);
}

TEST(ImageFuzz, mutatedBmp_neverCrashes) {
    const FuzzTally t = fuzz(test::encodeBmp(image(), kWidth, kHeight), "fuzz.bmp");
    EXPECT_EQ(t.accepted + t.refused, kMutationsPerFormat);
    EXPECT_GT(t.refused, 0);
}

}  // namespace
}  // namespace flowlab
