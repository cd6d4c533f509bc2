#pragma once

#include <string>
#include <vector>

namespace flowlab::core {

/// The environment variable that, when set, names the data folder outright (a folder holding
/// scenes/ like <prefix>/share/flowlab). It wins over every other place.
inline constexpr const char* kDataDirEnv = "FLOWLAB_DATA_DIR";
/// The environment variable that, when set to 1, stops the lookup from falling back to the source
/// tree the program was built from (the install test sets it to prove the installed copy is used).
inline constexpr const char* kNoSourceTreeEnv = "FLOWLAB_NO_SOURCE_TREE";

/// The places FlowLab's shipped data may live, most preferred first: $FLOWLAB_DATA_DIR, the
/// install prefix's data folder relative to the running executable (<bin>/../share/flowlab), then
/// the source tree's resources/ (unless FLOWLAB_NO_SOURCE_TREE=1). A list, so an error can say
/// where it looked.
std::vector<std::string> dataDirCandidates();

/// The first candidate that holds a scenes/ folder, or "" when none does. An installed program
/// finds its data under its prefix; a program run from the build tree finds the source tree's.
std::string dataDir();

/// The shipped scenes folder (dataDir()/scenes), or "" when no data folder was found.
std::string shippedScenesDir();

/// Resolves a --scene argument: a path that exists is returned as given; a bare name such as
/// "moons-to-checkerboard" or "moons-to-checkerboard.json" that is not a file in the current
/// folder names a shipped scene. Anything else comes back unchanged, so the loader reports it.
std::string findScene(const std::string& nameOrPath);

}  // namespace flowlab::core
