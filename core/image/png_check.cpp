#include "image/png_check.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include <zlib.h>

namespace flowlab::core {
namespace {

std::uint32_t be32(const std::string& b, std::size_t at) {
    return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}

struct Ihdr {
    std::uint32_t width = 0, height = 0;
    int bitDepth = 0, colourType = 0, interlace = 0;
};

int channelsOf(int colourType) {
    switch (colourType) {
        case 0: return 1;  // grey
        case 2: return 3;  // RGB
        case 3: return 1;  // palette index
        case 4: return 2;  // grey + alpha
        case 6: return 4;  // RGBA
    }
    return 0;
}

bool depthAllowed(int colourType, int depth) {
    switch (colourType) {
        case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
        case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
        case 2: case 4: case 6: return depth == 8 || depth == 16;
    }
    return false;
}

/// One pass of the image's rows (the whole image, or one of Adam7's seven sub-images).
struct Pass {
    std::uint64_t rows = 0;
    std::uint64_t rowBytes = 0;  ///< filter byte included
};

std::vector<Pass> passesOf(const Ihdr& h) {
    const std::uint64_t bitsPerPixel = std::uint64_t(channelsOf(h.colourType)) * std::uint64_t(h.bitDepth);
    auto rowBytes = [&](std::uint64_t w) { return 1 + (w * bitsPerPixel + 7) / 8; };
    if (h.interlace == 0) return {Pass{h.height, rowBytes(h.width)}};
    static const std::array<std::array<int, 4>, 7> kAdam7 = {{
        {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}};
    std::vector<Pass> passes;
    for (const auto& [x0, y0, dx, dy] : kAdam7) {
        const std::uint64_t w = h.width > std::uint32_t(x0) ? (h.width - x0 + dx - 1) / dx : 0;
        const std::uint64_t r = h.height > std::uint32_t(y0) ? (h.height - y0 + dy - 1) / dy : 0;
        if (w && r) passes.push_back(Pass{r, rowBytes(w)});
    }
    return passes;
}

/// Follows the inflated bytes row by row: checks each row's filter type, counts whole rows.
class RowWalker {
public:
    explicit RowWalker(std::vector<Pass> passes) : m_passes(std::move(passes)) {
        for (const Pass& p : m_passes) m_totalRows += p.rows;
    }
    /// Consumes `n` bytes; an error names a bad filter type. Bytes past the last row are ignored.
    std::string feed(const unsigned char* data, std::size_t n, const std::string& name) {
        while (n > 0 && m_pass < m_passes.size()) {
            const Pass& p = m_passes[m_pass];
            if (m_offset == 0 && data[0] > 4) {
                return name + ": corrupt PNG file (row " + std::to_string(m_rowsDone + 1) + " of " +
                       std::to_string(m_totalRows) + " has filter type " + std::to_string(int(data[0])) +
                       "; PNG defines 0 to 4)";
            }
            const std::uint64_t take = std::min<std::uint64_t>(n, p.rowBytes - m_offset);
            m_offset += take;
            data += take;
            n -= std::size_t(take);
            if (m_offset == p.rowBytes) {
                m_offset = 0;
                ++m_rowsDone;
                if (++m_row == p.rows) m_row = 0, ++m_pass;
            }
        }
        return {};
    }
    bool complete() const { return m_pass == m_passes.size(); }
    std::uint64_t rowsDone() const { return m_rowsDone; }
    std::uint64_t totalRows() const { return m_totalRows; }

private:
    std::vector<Pass> m_passes;
    std::size_t m_pass = 0;
    std::uint64_t m_row = 0, m_offset = 0, m_rowsDone = 0, m_totalRows = 0;
};

Status corrupt(const std::string& name, const std::string& why) {
    return Error{name + ": corrupt PNG file (" + why + ")"};
}

}  // namespace

Status checkPngStructure(const std::string& b, const std::string& name) {
    constexpr std::size_t kSignature = 8;
    Ihdr ihdr;
    bool haveIhdr = false, havePlte = false, haveIdat = false, idatEnded = false;
    std::vector<std::pair<std::size_t, std::size_t>> idat;  // offset, length of each IDAT's data
    std::size_t pos = kSignature;
    while (true) {
        if (pos + 8 > b.size()) return Error{name + ": the PNG file is truncated (it ends before its IEND chunk)"};
        const std::uint32_t length = be32(b, pos);
        const std::string type = b.substr(pos + 4, 4);
        if (length > 0x7fffffffu) return corrupt(name, "impossible chunk length");
        if (b.size() - pos - 8 < std::uint64_t(length) + 4)
            return Error{name + ": the PNG file is truncated (its " + type + " chunk runs past the end of the file)"};
        const std::size_t data = pos + 8;
        const auto* typeAndData = reinterpret_cast<const Bytef*>(b.data() + pos + 4);
        if (crc32(crc32(0L, Z_NULL, 0), typeAndData, uInt(length + 4)) != be32(b, data + length))
            return corrupt(name, "the CRC of its " + type + " chunk does not match");
        pos = data + length + 4;
        if (!haveIhdr && type != "IHDR") return corrupt(name, "the first chunk is not IHDR");
        if (type == "IHDR") {
            if (haveIhdr) return corrupt(name, "two IHDR chunks");
            if (length != 13) return corrupt(name, "IHDR chunk of " + std::to_string(length) + " bytes, not 13");
            haveIhdr = true;
            ihdr.width = be32(b, data);
            ihdr.height = be32(b, data + 4);
            ihdr.bitDepth = std::uint8_t(b[data + 8]);
            ihdr.colourType = std::uint8_t(b[data + 9]);
            ihdr.interlace = std::uint8_t(b[data + 12]);
            if (channelsOf(ihdr.colourType) == 0)
                return corrupt(name, "colour type " + std::to_string(ihdr.colourType) + " does not exist");
            if (!depthAllowed(ihdr.colourType, ihdr.bitDepth))
                return corrupt(name, "bit depth " + std::to_string(ihdr.bitDepth) + " is not allowed for colour type " +
                                         std::to_string(ihdr.colourType));
            if (b[data + 10] != 0 || b[data + 11] != 0) return corrupt(name, "unknown compression or filter method");
            if (ihdr.interlace > 1) return corrupt(name, "unknown interlace method " + std::to_string(ihdr.interlace));
        } else if (type == "PLTE") {
            if (length == 0 || length % 3 != 0 || length > 768) return corrupt(name, "a PLTE chunk of " + std::to_string(length) + " bytes");
            havePlte = true;
        } else if (type == "IDAT") {
            if (idatEnded) return corrupt(name, "its IDAT chunks are not consecutive");
            if (ihdr.colourType == 3 && !havePlte)
                return corrupt(name, "a palette image without a PLTE chunk before its pixel data: its colours are missing");
            haveIdat = true;
            idat.emplace_back(data, length);
        } else if (type == "IEND") {
            break;
        }
        if (haveIdat && type != "IDAT") idatEnded = true;
    }
    if (!haveIdat) return corrupt(name, "no IDAT chunk: the file holds no pixel data");

    RowWalker walker(passesOf(ihdr));
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return Error{name + ": out of memory"};
    std::vector<unsigned char> out(std::size_t(1) << 16);
    int ret = Z_OK;
    std::string problem;
    for (std::size_t k = 0; k < idat.size() && ret != Z_STREAM_END && problem.empty() && !walker.complete(); ++k) {
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(b.data() + idat[k].first));
        z.avail_in = uInt(idat[k].second);
        while (z.avail_in > 0 && !walker.complete()) {
            z.next_out = out.data();
            z.avail_out = uInt(out.size());
            ret = inflate(&z, Z_NO_FLUSH);
            if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
                problem = corrupt(name, std::string("damaged compressed pixel data: ") + (z.msg ? z.msg : "zlib error")).message();
                break;
            }
            problem = walker.feed(out.data(), out.size() - z.avail_out, name);
            if (!problem.empty() || ret == Z_STREAM_END || (ret == Z_BUF_ERROR && z.avail_out == out.size())) break;
        }
    }
    // Rows still buffered inside zlib once the input is exhausted.
    while (problem.empty() && !walker.complete() && ret == Z_OK) {
        z.next_out = out.data();
        z.avail_out = uInt(out.size());
        ret = inflate(&z, Z_NO_FLUSH);
        const std::size_t got = out.size() - z.avail_out;
        if (got == 0) break;
        problem = walker.feed(out.data(), got, name);
    }
    inflateEnd(&z);
    if (!problem.empty()) return Error{problem};
    if (!walker.complete()) {
        return Error{name + ": truncated PNG pixel data (" + std::to_string(walker.rowsDone()) + " of " +
                     std::to_string(walker.totalRows()) + " rows" + (ihdr.interlace ? ", interlaced" : "") + ")"};
    }
    return Status::success();
}

}  // namespace flowlab::core
