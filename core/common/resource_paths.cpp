#include "common/resource_paths.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace flowlab::core {
namespace {

namespace fs = std::filesystem;

bool isDir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

/// The folder of the running executable ("" when the system does not say).
fs::path executableDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::vector<std::string> dataDirCandidates() {
    std::vector<std::string> out;
    if (const char* env = std::getenv(kDataDirEnv); env && *env) out.emplace_back(env);
    // FLOWLAB_RELATIVE_DATA_DIR is the data folder relative to the bin folder, from GNUInstallDirs.
    if (const fs::path bin = executableDir(); !bin.empty())
        out.push_back((bin / FLOWLAB_RELATIVE_DATA_DIR).lexically_normal().string());
    const char* noSource = std::getenv(kNoSourceTreeEnv);
    if (!(noSource && std::string(noSource) == "1")) out.emplace_back(FLOWLAB_SOURCE_DATA_DIR);
    return out;
}

std::string dataDir() {
    for (const std::string& dir : dataDirCandidates())
        if (isDir(fs::path(dir) / "scenes")) return dir;
    return {};
}

std::string shippedScenesDir() {
    const std::string dir = dataDir();
    return dir.empty() ? std::string() : (fs::path(dir) / "scenes").string();
}

std::string findScene(const std::string& nameOrPath) {
    std::error_code ec;
    if (nameOrPath.empty() || fs::exists(nameOrPath, ec)) return nameOrPath;
    const fs::path name(nameOrPath);
    if (name.has_parent_path()) return nameOrPath;
    const std::string scenes = shippedScenesDir();
    if (scenes.empty()) return nameOrPath;
    for (const fs::path& candidate : {fs::path(scenes) / name, fs::path(scenes) / (nameOrPath + ".json")})
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
    return nameOrPath;
}

}  // namespace flowlab::core
