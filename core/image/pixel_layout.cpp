#include "image/pixel_layout.hpp"

namespace flowlab::core {

std::string toString(PixelLayout layout) {
    switch (layout) {
        case PixelLayout::Rgba: return "rgba";
        case PixelLayout::Bgra: return "bgra";
    }
    return "unknown";
}

}  // namespace flowlab::core
