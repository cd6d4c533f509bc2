#include "images/idx_reader.hpp"

#include <zlib.h>

#include <limits>

#include "io/file_io.hpp"

namespace flowlab::core {
namespace {

bool isGzip(const std::string& b) {
    return b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f && static_cast<unsigned char>(b[1]) == 0x8b;
}

std::uint32_t bigEndian32(const std::string& b, std::size_t at) {
    return (std::uint32_t(static_cast<unsigned char>(b[at])) << 24) |
           (std::uint32_t(static_cast<unsigned char>(b[at + 1])) << 16) |
           (std::uint32_t(static_cast<unsigned char>(b[at + 2])) << 8) |
           std::uint32_t(static_cast<unsigned char>(b[at + 3]));
}

}  // namespace

Result<std::string> gunzipIfCompressed(const std::string& bytes, const std::string& name) {
    if (!isGzip(bytes)) return bytes;
    z_stream zs{};
    // 16 + MAX_WBITS: gzip wrapper only, with its CRC-32 and length checked at the end.
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return Error{name + ": cannot start zlib"};
    std::string out;
    std::string buffer(std::size_t{1} << 20, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    zs.avail_in = static_cast<uInt>(std::min<std::size_t>(bytes.size(), std::numeric_limits<uInt>::max()));
    int ret = Z_OK;
    while (ret != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
        zs.avail_out = static_cast<uInt>(buffer.size());
        ret = inflate(&zs, Z_NO_FLUSH);
        if (ret != Z_OK && ret != Z_STREAM_END) {
            const std::string why = ret == Z_BUF_ERROR ? "truncated" : (zs.msg ? zs.msg : "inflate error");
            inflateEnd(&zs);
            return Error{name + ": corrupt gzip data (" + why + ")"};
        }
        out.append(buffer.data(), buffer.size() - zs.avail_out);
        if (out.size() > kMaxIdxBytes) {
            inflateEnd(&zs);
            return Error{name + ": decompresses to more than " + std::to_string(kMaxIdxBytes >> 20) + " MiB"};
        }
        if (ret != Z_STREAM_END && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            return Error{name + ": corrupt gzip data (truncated)"};
        }
    }
    const bool trailing = zs.avail_in != 0;
    inflateEnd(&zs);
    if (trailing) return Error{name + ": unexpected data after the end of the gzip stream"};
    return out;
}

Result<IdxArray> parseIdx(const std::string& raw, const std::string& name) {
    auto inflated = gunzipIfCompressed(raw, name);
    if (!inflated) return inflated.error();
    const std::string& b = *inflated;
    if (b.size() < 4) return Error{name + ": not an IDX file (shorter than its 4-byte header)"};
    if (b[0] != 0 || b[1] != 0) return Error{name + ": not an IDX file (bad magic number)"};
    const auto type = static_cast<unsigned char>(b[2]);
    if (type != 0x08) {
        return Error{name + ": IDX value type 0x" + std::to_string(type) +
                     " is not supported (only unsigned bytes, 0x08, as in MNIST)"};
    }
    const int ndims = static_cast<unsigned char>(b[3]);
    if (ndims < 1 || ndims > 4) return Error{name + ": IDX file with " + std::to_string(ndims) + " dimensions (1 to 4 expected)"};
    const std::size_t headerBytes = 4 + 4 * std::size_t(ndims);
    if (b.size() < headerBytes) return Error{name + ": truncated IDX header"};
    IdxArray a;
    std::size_t count = 1;
    for (int i = 0; i < ndims; ++i) {
        const std::uint32_t n = bigEndian32(b, 4 + 4 * std::size_t(i));
        if (n == 0) return Error{name + ": IDX dimension " + std::to_string(i + 1) + " is zero"};
        if (count > kMaxIdxBytes / n) return Error{name + ": IDX dimensions describe more than " +
                                                   std::to_string(kMaxIdxBytes >> 20) + " MiB"};
        count *= n;
        a.dims.push_back(n);
    }
    const std::size_t have = b.size() - headerBytes;
    if (have < count) {
        return Error{name + ": truncated IDX data (" + std::to_string(have) + " of " + std::to_string(count) +
                     " bytes)"};
    }
    if (have > count) {
        return Error{name + ": " + std::to_string(have - count) + " bytes after the IDX data (wrong dimensions?)"};
    }
    a.values.assign(b.begin() + static_cast<std::ptrdiff_t>(headerBytes), b.end());
    return a;
}

Result<IdxArray> readIdxFile(const std::string& path) {
    // The compressed file is at most as large as its contents, give or take the gzip framing.
    auto bytes = readTextFile(path, kMaxIdxBytes + 1024);
    if (!bytes) return bytes.error();
    return parseIdx(*bytes, path);
}

}  // namespace flowlab::core
