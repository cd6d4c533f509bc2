#include "view/frame_data.hpp"

namespace flowlab::ui {

bool LayerVisibility::operator==(const LayerVisibility& o) const {
    return heatmap == o.heatmap && grid == o.grid && streamlines == o.streamlines && arrows == o.arrows &&
           trails == o.trails && trajectories == o.trajectories && particles == o.particles && bridge == o.bridge &&
           pinned == o.pinned && legend == o.legend;
}

}  // namespace flowlab::ui
