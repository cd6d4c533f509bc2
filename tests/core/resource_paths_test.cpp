// Where the shipped data is found: $FLOWLAB_DATA_DIR first, then <bin>/../share/flowlab, then the
// source tree (unless FLOWLAB_NO_SOURCE_TREE=1); --scene names resolve against its scenes/.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "common/resource_paths.hpp"
#include "test_support.hpp"

namespace flowlab {
namespace {

namespace fs = std::filesystem;

/// Sets or clears an environment variable for one test and restores it afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old, m_had = true;
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (m_had)
            ::setenv(m_name.c_str(), m_old.c_str(), 1);
        else
            ::unsetenv(m_name.c_str());
    }

private:
    std::string m_name, m_old;
    bool m_had = false;
};

TEST(ResourcePaths, dataDirEnv_winsOverEveryOtherPlace) {
    test::TempDir dir;
    fs::create_directories(fs::path(dir.path()) / "scenes");
    test::writeText(dir.file("scenes/mine.json"), "{}");
    const ScopedEnv env(core::kDataDirEnv, dir.path().c_str());
    const auto candidates = core::dataDirCandidates();
    ASSERT_FALSE(candidates.empty());
    EXPECT_EQ(candidates.front(), dir.path());
    // Next, the install prefix's data folder beside the running binary's bin/.
    ASSERT_GE(candidates.size(), 2u);
    const fs::path bin = fs::read_symlink("/proc/self/exe").parent_path();
    EXPECT_EQ(fs::path(candidates[1]), (bin / ".." / "share" / "flowlab").lexically_normal());
    EXPECT_EQ(core::dataDir(), dir.path());
    EXPECT_EQ(core::shippedScenesDir(), (fs::path(dir.path()) / "scenes").string());
    // A bare name, with or without .json, names a shipped scene.
    EXPECT_EQ(core::findScene("mine"), (fs::path(dir.path()) / "scenes" / "mine.json").string());
    EXPECT_EQ(core::findScene("mine.json"), (fs::path(dir.path()) / "scenes" / "mine.json").string());
    // Unknown names and paths with a folder come back unchanged, for the loader to refuse.
    EXPECT_EQ(core::findScene("nope"), "nope");
    EXPECT_EQ(core::findScene("sub/mine.json"), "sub/mine.json");
}

TEST(ResourcePaths, existingFile_isTakenAsGivenBeforeAShippedScene) {
    test::TempDir dir;
    fs::create_directories(fs::path(dir.path()) / "scenes");
    test::writeText(dir.file("scenes/local.json"), "{}");
    test::writeText(dir.file("local.json"), "{}");
    const ScopedEnv env(core::kDataDirEnv, dir.path().c_str());
    const fs::path before = fs::current_path();
    fs::current_path(dir.path());
    EXPECT_EQ(core::findScene("local.json"), "local.json");
    fs::current_path(before);
}

TEST(ResourcePaths, sourceTreeFallback_findsTheRepositoryScenesAndCanBeSwitchedOff) {
    const ScopedEnv noData(core::kDataDirEnv, nullptr);
    const fs::path source = fs::path(FLOWLAB_SOURCE_DIR) / "resources";
    {
        const ScopedEnv on(core::kNoSourceTreeEnv, nullptr);
        // A test binary has no ../share/flowlab beside it: the source tree is what is found.
        EXPECT_EQ(fs::path(core::dataDir()), source);
        EXPECT_EQ(fs::path(core::findScene("noise-to-8gaussians")), source / "scenes" / "noise-to-8gaussians.json");
    }
    {
        const ScopedEnv off(core::kNoSourceTreeEnv, "1");
        for (const auto& c : core::dataDirCandidates()) EXPECT_NE(fs::path(c), source);
        EXPECT_EQ(core::dataDir(), "");
        EXPECT_EQ(core::findScene("noise-to-8gaussians"), "noise-to-8gaussians");
    }
}

}  // namespace
}  // namespace flowlab
