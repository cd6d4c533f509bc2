#include "image/image_header.hpp"

#include <cstdint>

#include "image/exif_orientation.hpp"
#include "image/image_limits.hpp"

namespace flowlab::core {
namespace {

std::uint32_t be32(const std::string& b, std::size_t at) {
    return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}
std::uint32_t be16(const std::string& b, std::size_t at) {
    return (std::uint32_t(std::uint8_t(b[at])) << 8) | std::uint32_t(std::uint8_t(b[at + 1]));
}
std::uint32_t le32(const std::string& b, std::size_t at) {
    return std::uint32_t(std::uint8_t(b[at])) | (std::uint32_t(std::uint8_t(b[at + 1])) << 8) |
           (std::uint32_t(std::uint8_t(b[at + 2])) << 16) | (std::uint32_t(std::uint8_t(b[at + 3])) << 24);
}
std::uint32_t le16(const std::string& b, std::size_t at) {
    return std::uint32_t(std::uint8_t(b[at])) | (std::uint32_t(std::uint8_t(b[at + 1])) << 8);
}

Error truncated(const std::string& name, ImageFormat f) {
    return Error{name + ": the " + toString(f) + " file is truncated (its header is incomplete)"};
}

Result<ImageHeader> readPng(const std::string& b, const std::string& name) {
    // signature (8) + IHDR length (4) + "IHDR" (4) + width (4) + height (4)
    if (b.size() < 24) return truncated(name, ImageFormat::Png);
    if (b.compare(12, 4, "IHDR") != 0 || be32(b, 8) != 13)
        return Error{name + ": corrupt PNG file (the first chunk is not a valid IHDR header)"};
    const std::uint32_t w = be32(b, 16), h = be32(b, 20);
    if (w > 0x7fffffffu || h > 0x7fffffffu) return Error{name + ": corrupt PNG file (impossible image size)"};
    return ImageHeader{ImageFormat::Png, int(w), int(h), 1};
}

Result<ImageHeader> readBmp(const std::string& b, const std::string& name) {
    if (b.size() < 26) return truncated(name, ImageFormat::Bmp);
    const std::uint32_t dibSize = le32(b, 14);
    std::int64_t w = 0, h = 0;
    if (dibSize == 12) {  // OS/2 BITMAPCOREHEADER: 16-bit unsigned sizes
        w = le16(b, 18);
        h = le16(b, 20);
    } else if (dibSize >= 40 && dibSize <= 124) {
        w = std::int32_t(le32(b, 18));
        h = std::int32_t(le32(b, 22));
        if (h < 0) h = -h;  // negative height: rows stored top-down
    } else {
        return Error{name + ": unsupported or corrupt BMP file (header size " + std::to_string(dibSize) + ")"};
    }
    if (w < 0 || w > 0x7fffffff || h > 0x7fffffff)
        return Error{name + ": corrupt BMP file (impossible image size)"};
    return ImageHeader{ImageFormat::Bmp, int(w), int(h), 1};
}

// Walks the JPEG marker segments up to the first start-of-frame, which declares the size,
// reading the EXIF orientation on the way (APP1 comes first in camera files).
Result<ImageHeader> readJpeg(const std::string& b, const std::string& name) {
    std::size_t pos = 2;
    int orientation = 1;
    while (true) {
        while (pos < b.size() && std::uint8_t(b[pos]) != 0xFF) ++pos;  // tolerate stray bytes
        while (pos < b.size() && std::uint8_t(b[pos]) == 0xFF) ++pos;  // fill bytes
        if (pos >= b.size()) return truncated(name, ImageFormat::Jpeg);
        const std::uint8_t marker = std::uint8_t(b[pos++]);
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
        if (marker == 0xD9 || marker == 0xDA)
            return Error{name + ": corrupt JPEG file (no frame header before the image data)"};
        if (pos + 2 > b.size()) return truncated(name, ImageFormat::Jpeg);
        const std::uint32_t length = be16(b, pos);
        if (length < 2) return Error{name + ": corrupt JPEG file (bad segment length)"};
        const bool isSof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (isSof) {
            if (pos + 7 > b.size()) return truncated(name, ImageFormat::Jpeg);
            const int h = int(be16(b, pos + 3)), w = int(be16(b, pos + 5));
            if (h == 0)
                return Error{name + ": unsupported JPEG file (height given after the image data)"};
            return ImageHeader{ImageFormat::Jpeg, w, h, orientation};
        }
        if (marker == 0xE1 && orientation == 1 && pos + length <= b.size())
            orientation = readExifOrientation(b.substr(pos + 2, length - 2));
        pos += length;
    }
}

}  // namespace

std::string toString(ImageFormat format) {
    switch (format) {
        case ImageFormat::Png: return "PNG";
        case ImageFormat::Jpeg: return "JPEG";
        case ImageFormat::Bmp: return "BMP";
    }
    return "unknown";
}

Result<ImageHeader> readImageHeader(const std::string& bytes, const std::string& name) {
    static const std::string kPngSignature("\x89PNG\r\n\x1a\n", 8);
    Result<ImageHeader> header = Error{""};
    if (bytes.empty()) return Error{name + ": the file is empty"};
    if (bytes.compare(0, 8, kPngSignature) == 0) {
        header = readPng(bytes, name);
    } else if (bytes.size() >= 3 && std::uint8_t(bytes[0]) == 0xFF && std::uint8_t(bytes[1]) == 0xD8 &&
               std::uint8_t(bytes[2]) == 0xFF) {
        header = readJpeg(bytes, name);
    } else if (bytes.compare(0, 2, "BM") == 0) {
        header = readBmp(bytes, name);
    } else {
        return Error{name + ": not a PNG, JPEG or BMP image (unrecognised file content)"};
    }
    if (!header) return header;
    const ImageHeader& h = *header;
    if (h.width <= 0 || h.height <= 0)
        return Error{name + ": corrupt " + toString(h.format) + " file (image size " + std::to_string(h.width) +
                     "×" + std::to_string(h.height) + ")"};
    if (h.width > kMaxImageSide || h.height > kMaxImageSide ||
        std::int64_t(h.width) * h.height > kMaxImagePixels) {
        return Error{name + ": image too large (" + std::to_string(h.width) + "×" + std::to_string(h.height) +
                     "; FlowLab reads at most " + std::to_string(kMaxImageSide) + " pixels per side and " +
                     std::to_string(kMaxImagePixels / 1'000'000) + " megapixels)"};
    }
    return header;
}

}  // namespace flowlab::core
