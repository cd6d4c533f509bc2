// Image data sets: the IDX/gzip reader refuses every corrupt case, the loaders keep splits apart,
// resize by area averaging and scale 8-bit levels to [−1, 1] (docs/maths.md §10).
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "image/png_encoder.hpp"
#include "images/byte_images.hpp"
#include "images/idx_reader.hpp"
#include "images/image_data.hpp"
#include "images/image_resample.hpp"
#include "images/pixel_scale.hpp"
#include "images/shapes_dataset.hpp"
#include "test_support.hpp"

namespace core = flowlab::core;
using flowlab::test::TempDir;

namespace {

std::string be32(std::uint32_t v) {
    return {char(v >> 24), char((v >> 16) & 0xff), char((v >> 8) & 0xff), char(v & 0xff)};
}

/// An IDX file of unsigned bytes with the given dimensions; values i mod 251.
std::string idxBytes(const std::vector<std::uint32_t>& dims, std::size_t dropBytes = 0) {
    std::string b = {0, 0, 8, char(dims.size())};
    std::size_t n = 1;
    for (auto d : dims) {
        b += be32(d);
        n *= d;
    }
    for (std::size_t i = 0; i < n; ++i) b += char(i % 251);
    b.resize(b.size() - dropBytes);
    return b;
}

std::string gzip(const std::string& raw) {
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(raw.size() + 1024, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    zs.avail_in = uInt(raw.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

void expectRefused(const core::Result<core::IdxArray>& r, const std::string& fragment) {
    ASSERT_FALSE(r.ok()) << "accepted; expected an error containing '" << fragment << "'";
    EXPECT_NE(r.message().find(fragment), std::string::npos) << r.message();
}

}  // namespace

TEST(IdxReader, plainAndGzipFiles_giveTheSameArray) {
    const std::string raw = idxBytes({3, 4, 5});
    auto a = core::parseIdx(raw, "a");
    auto b = core::parseIdx(gzip(raw), "b");
    ASSERT_TRUE(a.ok()) << a.message();
    ASSERT_TRUE(b.ok()) << b.message();
    EXPECT_EQ(a->dims, (std::vector<std::uint32_t>{3, 4, 5}));
    EXPECT_EQ(a->values, b->values);
    EXPECT_EQ(a->values.size(), 60u);
    EXPECT_EQ(a->values[59], 59);
}

TEST(IdxReader, badMagic_refused) {
    std::string b = idxBytes({2, 2});
    b[0] = 1;
    expectRefused(core::parseIdx(b, "x"), "bad magic");
    expectRefused(core::parseIdx("ab", "x"), "not an IDX file");
}

TEST(IdxReader, otherValueType_refused) {
    std::string b = idxBytes({2, 2});
    b[2] = 0x0D;  // float
    expectRefused(core::parseIdx(b, "x"), "value type");
}

TEST(IdxReader, truncatedHeaderOrData_refused) {
    expectRefused(core::parseIdx(idxBytes({4, 3}).substr(0, 9), "x"), "truncated IDX header");
    expectRefused(core::parseIdx(idxBytes({4, 3}, 1), "x"), "truncated IDX data");
    expectRefused(core::parseIdx(idxBytes({4, 3}) + "z", "x"), "after the IDX data");
}

TEST(IdxReader, zeroOrHugeDimensions_refused) {
    expectRefused(core::parseIdx(idxBytes({0, 3}), "x"), "is zero");
    std::string huge = {0, 0, 8, 3};
    huge += be32(100000) + be32(100000) + be32(100000);
    expectRefused(core::parseIdx(huge, "x"), "MiB");
    std::string none = {0, 0, 8, 0};
    expectRefused(core::parseIdx(none, "x"), "dimensions");
}

TEST(IdxReader, corruptGzip_refused) {
    const std::string z = gzip(idxBytes({10, 8, 8}));
    std::string flipped = z;
    flipped[z.size() / 2] = char(flipped[z.size() / 2] ^ 0x5a);
    expectRefused(core::parseIdx(flipped, "x"), "corrupt gzip");
    expectRefused(core::parseIdx(z.substr(0, z.size() - 6), "x"), "corrupt gzip");
    std::string badCrc = z;
    badCrc[z.size() - 6] = char(badCrc[z.size() - 6] ^ 1);  // CRC-32 in the trailer
    expectRefused(core::parseIdx(badCrc, "x"), "corrupt gzip");
    expectRefused(core::parseIdx(z + "junk", "x"), "after the end of the gzip stream");
}

TEST(IdxImages, wrongShapesAndLabels_refused) {
    auto img = core::parseIdx(idxBytes({5, 4, 4}), "i");
    auto flat = core::parseIdx(idxBytes({5, 16}), "f");
    auto labels4 = core::parseIdx(idxBytes({4}), "l");
    auto labels5 = core::parseIdx(idxBytes({5}), "l");  // values 0 … 4
    ASSERT_TRUE(img.ok() && flat.ok() && labels4.ok() && labels5.ok());
    auto r = core::imagesFromIdx(*flat, nullptr, 0, "f");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("3 dimensions"), std::string::npos) << r.message();
    r = core::imagesFromIdx(*img, &*labels4, 0, "i");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("4 labels for 5 images"), std::string::npos) << r.message();
    r = core::imagesFromIdx(*img, &*labels5, 4, "i");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("label 4 of image 4 is out of range"), std::string::npos) << r.message();
    r = core::imagesFromIdx(*img, &*labels5, 5, "i");
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->labels, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(IdxImages, idxPairSpec_splitsEveryTenthImageAndDownsamples) {
    TempDir dir;
    flowlab::test::writeText(dir.file("img.gz"), gzip(idxBytes({30, 8, 8})));
    std::string labels = {0, 0, 8, 1};
    labels += be32(30);
    for (int i = 0; i < 30; ++i) labels += char(i % 3);
    flowlab::test::writeText(dir.file("lab"), labels);
    core::ImageDataOptions o;
    o.spec = "idx:" + dir.file("img.gz") + "," + dir.file("lab");
    o.size = 4;
    auto s = core::loadImageData(o);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(s->train.size(), 27u);
    EXPECT_EQ(s->test.size(), 3u);
    EXPECT_EQ(s->train.width, 4);
    EXPECT_EQ(s->test.classCount(), 3);
    // Test image 0 is source image 9, whose 2×2 box (0, 0) holds 9·64 + {0, 1, 8, 9} mod 251.
    const int base = (9 * 64) % 251;
    const double mean = (4 * base + 18) / 4.0;
    EXPECT_FLOAT_EQ(s->test.pixels[0], core::pixelToUnit(int(std::lround(mean))));
    EXPECT_EQ(s->test.labels[0], 0);  // 9 mod 3
}

TEST(Resample, halving_isTheExactBoxAverage) {
    std::vector<std::uint8_t> src = {0, 10, 20, 30,  //
                                     2, 12, 22, 32,  //
                                     4, 4, 100, 200,  //
                                     4, 4, 100, 201};
    const auto out = core::resampleArea(src, 1, 4, 4, 2, 2);
    EXPECT_EQ(out, (std::vector<std::uint8_t>{6, 26, 4, 150}));
}

TEST(PixelScale, levelsMapToBinCentresAndBack) {
    EXPECT_FLOAT_EQ(core::pixelToUnit(0), -1.0f + 1.0f / 256.0f);
    EXPECT_FLOAT_EQ(core::pixelToUnit(255), 1.0f - 1.0f / 256.0f);
    for (int p = 0; p < 256; ++p) EXPECT_EQ(core::unitToPixel(core::pixelToUnit(p)), p);
    EXPECT_EQ(core::unitToPixel(-7.0), 0);
    EXPECT_EQ(core::unitToPixel(3.0), 255);
    EXPECT_EQ(core::unitToPixel(std::nan("")), 0);
}

TEST(Shapes, seededBalancedAndSplitsDisjoint) {
    core::ImageDataOptions o;
    o.spec = "shapes";
    o.maxTrain = 400;
    o.maxTest = 100;
    o.seed = 3;
    auto a = core::loadImageData(o);
    auto b = core::loadImageData(o);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->train.pixels, b->train.pixels);
    EXPECT_EQ(a->train.size(), 400u);
    EXPECT_EQ(a->test.size(), 100u);
    EXPECT_EQ(a->train.width, core::kShapesDefaultSide);
    EXPECT_EQ(a->train.classNames, core::shapeClassNames());
    std::vector<int> perClass(4, 0);
    for (int l : a->train.labels) ++perClass.at(std::size_t(l));
    EXPECT_EQ(perClass, (std::vector<int>{100, 100, 100, 100}));
    std::set<std::vector<float>> train;
    for (std::size_t i = 0; i < a->train.size(); ++i)
        train.insert(std::vector<float>(a->train.image(i), a->train.image(i) + a->train.dim()));
    EXPECT_EQ(train.size(), 400u) << "duplicate shapes";
    for (std::size_t i = 0; i < a->test.size(); ++i)
        EXPECT_EQ(train.count(std::vector<float>(a->test.image(i), a->test.image(i) + a->test.dim())), 0u);
    // Every image has a lit shape and a dark background.
    for (std::size_t i = 0; i < a->train.size(); ++i) {
        const float* p = a->train.image(i);
        EXPECT_GT(*std::max_element(p, p + a->train.dim()), 0.0f);
        EXPECT_EQ(*std::min_element(p, p + a->train.dim()), core::pixelToUnit(0));
    }
    o.seed = 4;
    auto c = core::loadImageData(o);
    ASSERT_TRUE(c.ok());
    EXPECT_NE(c->train.pixels, a->train.pixels);
}

TEST(FashionMnist, missingPackage_namesItAndTheSetupScript) {
    TempDir dir;
    core::ImageDataOptions o;
    o.spec = "fashion-mnist";
    auto r = core::loadFashionMnist(o, dir.path());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("dataset-fashion-mnist"), std::string::npos) << r.message();
    EXPECT_NE(r.message().find("scripts/setup"), std::string::npos) << r.message();
}

TEST(FashionMnist, installedPackage_loadsNamedClassesAt14) {
    if (!std::filesystem::exists(std::string(core::kFashionMnistDir) + "/t10k-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    core::ImageDataOptions o;
    o.spec = "fashion-mnist";
    o.size = 14;
    o.maxTrain = 50;
    o.maxTest = 20;
    auto r = core::loadImageData(o);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->train.size(), 50u);
    EXPECT_EQ(r->test.size(), 20u);
    EXPECT_EQ(r->train.dim(), 14 * 14);
    EXPECT_EQ(r->train.classNames.at(9), "Ankle boot");
    EXPECT_EQ(r->train.labels.size(), 50u);
    for (float v : r->train.pixels) ASSERT_TRUE(v > -1.0f && v < 1.0f);
}

TEST(DataOptions, badSpecsAndSizes_refused) {
    core::ImageDataOptions o;
    EXPECT_NE(o.validate(), "");
    o.spec = "cifar";
    EXPECT_NE(o.validate().find("unknown data set"), std::string::npos);
    o.spec = "shapes";
    o.size = 64;
    EXPECT_NE(o.validate().find("between"), std::string::npos);
    o.size = 8;
    EXPECT_EQ(o.validate(), "");
    o.spec = "idx:/nonexistent/file";
    EXPECT_FALSE(core::loadImageData(o).ok());
}

namespace {

/// A minimal 8-bit grey PNG (colour type 0), written by hand with zlib.
std::string greyPng(int w, int h, std::uint8_t value) {
    auto chunk = [](const std::string& type, const std::string& data) {
        std::string c = be32(std::uint32_t(data.size())) + type + data;
        const uLong crc = crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(c.data() + 4), uInt(c.size() - 4));
        return c + be32(std::uint32_t(crc));
    };
    std::string raw;
    for (int y = 0; y < h; ++y) raw += '\0' + std::string(std::size_t(w), char(value));
    std::string z(compressBound(uLong(raw.size())), '\0');
    uLongf zl = uLongf(z.size());
    compress(reinterpret_cast<Bytef*>(z.data()), &zl, reinterpret_cast<const Bytef*>(raw.data()), uLong(raw.size()));
    z.resize(zl);
    const std::string ihdr = be32(std::uint32_t(w)) + be32(std::uint32_t(h)) + std::string{8, 0, 0, 0, 0};
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", z) + chunk("IEND", "");
}

void writeRgbaPng(const std::string& path, int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    std::vector<std::uint8_t> px;
    for (int i = 0; i < w * h; ++i) px.insert(px.end(), {r, g, b, 255});
    ASSERT_TRUE(core::writePng(path, px.data(), w, h, 4 * w, core::PixelLayout::Rgba).ok());
}

}  // namespace

TEST(ImageFolder, greyFilesResizedAndSplit) {
    TempDir dir;
    for (int i = 0; i < 10; ++i)
        flowlab::test::writeText(dir.file("g" + std::to_string(i) + ".png"), greyPng(40, 20, std::uint8_t(20 * i)));
    flowlab::test::writeText(dir.file("notes.txt"), "ignored");
    core::ImageDataOptions o;
    o.spec = "folder:" + dir.path();
    o.size = 8;
    auto r = core::loadImageData(o);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->train.channels, 1);
    EXPECT_EQ(r->train.size(), 9u);
    EXPECT_EQ(r->test.size(), 1u);
    EXPECT_EQ(r->train.dim(), 64);
    EXPECT_FLOAT_EQ(r->test.pixels[0], core::pixelToUnit(180));  // g9
    EXPECT_FLOAT_EQ(r->train.pixels[3 * 64 + 10], core::pixelToUnit(60));
}

TEST(ImageFolder, colourFilesGiveThreeChannels) {
    TempDir dir;
    writeRgbaPng(dir.file("a.png"), 16, 16, 200, 10, 50);
    writeRgbaPng(dir.file("b.png"), 16, 16, 0, 255, 0);
    core::ImageDataOptions o;
    o.spec = "folder:" + dir.path();
    o.size = 4;
    auto r = core::loadImageData(o);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->train.channels, 3);
    EXPECT_EQ(r->train.dim(), 48);
    EXPECT_FLOAT_EQ(r->train.pixels[0], core::pixelToUnit(200));   // R plane
    EXPECT_FLOAT_EQ(r->train.pixels[16], core::pixelToUnit(10));   // G plane
    EXPECT_FLOAT_EQ(r->train.pixels[32], core::pixelToUnit(50));   // B plane
}

TEST(ImageFolder, emptyMixedOrCorruptFolders_refused) {
    TempDir empty;
    core::ImageDataOptions o;
    o.spec = "folder:" + empty.path();
    auto r = core::loadImageData(o);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("no PNG"), std::string::npos) << r.message();

    TempDir mixed;
    flowlab::test::writeText(mixed.file("a.png"), greyPng(8, 8, 100));
    writeRgbaPng(mixed.file("b.png"), 8, 8, 1, 2, 3);
    o.spec = "folder:" + mixed.path();
    r = core::loadImageData(o);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("mixes grey and colour"), std::string::npos) << r.message();

    TempDir corrupt;
    flowlab::test::writeText(corrupt.file("a.png"), greyPng(8, 8, 100));
    flowlab::test::writeText(corrupt.file("b.png"), greyPng(8, 8, 100).substr(0, 30));
    o.spec = "folder:" + corrupt.path();
    r = core::loadImageData(o);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("b.png"), std::string::npos) << r.message();
}
