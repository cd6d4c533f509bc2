#include "field/streamlines.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/rng.hpp"

namespace flowlab::core {
namespace {

/// Which line owns each cell of a fine occupancy lattice (−1 = free).
class Occupancy {
public:
    Occupancy(const GridSpec& spec, double cellSize)
        : m_spec(spec),
          m_cell(cellSize),
          m_nx(std::max(1, int(std::ceil((spec.xMax - spec.xMin) / cellSize)))),
          m_ny(std::max(1, int(std::ceil((spec.yMax - spec.yMin) / cellSize)))),
          m_owner(std::size_t(m_nx) * m_ny, -1) {}

    int owner(const Eigen::Vector2d& p) const {
        const long c = cellOf(p);
        return c < 0 ? -1 : m_owner[std::size_t(c)];
    }
    void mark(const Eigen::Vector2d& p, int line) {
        const long c = cellOf(p);
        if (c >= 0 && m_owner[std::size_t(c)] < 0) m_owner[std::size_t(c)] = line;
    }

private:
    long cellOf(const Eigen::Vector2d& p) const {
        const int i = int(std::floor((p.x() - m_spec.xMin) / m_cell));
        const int j = int(std::floor((p.y() - m_spec.yMin) / m_cell));
        if (i < 0 || j < 0 || i >= m_nx || j >= m_ny) return -1;
        return long(j) * m_nx + i;
    }

    GridSpec m_spec;
    double m_cell;
    int m_nx, m_ny;
    std::vector<int> m_owner;
};

bool inside(const GridSpec& s, const Eigen::Vector2d& p) {
    return p.x() >= s.xMin && p.x() <= s.xMax && p.y() >= s.yMin && p.y() <= s.yMax;
}

}  // namespace

std::string StreamlineOptions::validate() const {
    if (seedsX < 1 || seedsY < 1 || seedsX > 1024 || seedsY > 1024) return "streamline seeds must be in [1, 1024] per side";
    if (!(jitter >= 0.0 && jitter <= 1.0)) return "streamline jitter must be in [0, 1]";
    if (!(stepFraction > 0.0 && stepFraction <= 1.0)) return "streamline step must be in (0, 1] of a seed cell";
    if (maxSteps < 1 || maxSteps > 100000) return "streamline steps must be in [1, 100000]";
    if (!(minSpeedRatio >= 0.0 && minSpeedRatio < 1.0)) return "minimum speed ratio must be in [0, 1)";
    if (!(separation >= 0.0 && separation <= 4.0)) return "streamline separation must be in [0, 4] seed cells";
    return {};
}

std::vector<Streamline> traceStreamlines(const GridSpec& spec, const Points& vectors, const StreamlineOptions& o) {
    std::vector<Streamline> lines;
    if (!o.validate().empty() || !spec.validate().empty() || vectors.rows() != spec.count() || vectors.cols() != 2 ||
        !vectors.allFinite())
        return lines;
    const double maxSpeed = vectors.rowwise().norm().maxCoeff();
    if (!(maxSpeed > 0.0)) return lines;
    const double minSpeed = o.minSpeedRatio * maxSpeed;
    const double seedW = (spec.xMax - spec.xMin) / o.seedsX;
    const double seedH = (spec.yMax - spec.yMin) / o.seedsY;
    const double step = o.stepFraction * std::min(seedW, seedH);
    const bool separate = o.separation > 0.0;
    Occupancy occupancy(spec, std::max(1e-12, o.separation * std::min(seedW, seedH)));

    Rng rng(o.seed);
    std::vector<Eigen::Vector2d> seeds;
    seeds.reserve(std::size_t(o.seedsX) * o.seedsY);
    for (int j = 0; j < o.seedsY; ++j)
        for (int i = 0; i < o.seedsX; ++i)
            seeds.emplace_back(spec.xMin + (i + 0.5 + o.jitter * (rng.uniform() - 0.5)) * seedW,
                               spec.yMin + (j + 0.5 + o.jitter * (rng.uniform() - 0.5)) * seedH);
    std::shuffle(seeds.begin(), seeds.end(), rng.engine());

    // Unit direction (times `sign`), or false where the field is too weak to follow.
    const auto direction = [&](const Eigen::Vector2d& p, double sign, Eigen::Vector2d& dir, double& speed) {
        const Eigen::Vector2d v = sampleGridVector(spec, vectors, p.x(), p.y());
        speed = v.norm();
        if (!(speed > minSpeed) || !std::isfinite(speed)) return false;
        dir = sign * v / speed;
        return true;
    };

    for (const Eigen::Vector2d& seed : seeds) {
        const int id = int(lines.size());
        if (separate && occupancy.owner(seed) >= 0) continue;
        Eigen::Vector2d d;
        double speed0 = 0.0;
        if (!direction(seed, 1.0, d, speed0)) continue;
        std::vector<Eigen::Vector2d> halves[2];
        std::vector<double> speeds[2];
        for (int h = 0; h < 2; ++h) {
            const double sign = h == 0 ? 1.0 : -1.0;
            Eigen::Vector2d p = seed;
            for (int s = 0; s < o.maxSteps; ++s) {
                Eigen::Vector2d d0, d1;
                double sp0 = 0.0, sp1 = 0.0;
                if (!direction(p, sign, d0, sp0)) break;
                const Eigen::Vector2d mid = p + 0.5 * step * d0;
                if (!direction(mid, sign, d1, sp1)) break;
                const Eigen::Vector2d next = p + step * d1;
                if (!inside(spec, next)) break;
                if (separate) {
                    const int other = occupancy.owner(next);
                    if (other >= 0 && other != id) break;
                }
                double speed = 0.0;
                Eigen::Vector2d unused;
                direction(next, sign, unused, speed);
                halves[h].push_back(next);
                speeds[h].push_back(speed);
                p = next;
            }
        }
        Streamline line;
        // Upstream half reversed, the seed, then the downstream half.
        line.points.assign(halves[1].rbegin(), halves[1].rend());
        line.speed.assign(speeds[1].rbegin(), speeds[1].rend());
        line.points.push_back(seed);
        line.speed.push_back(speed0);
        line.points.insert(line.points.end(), halves[0].begin(), halves[0].end());
        line.speed.insert(line.speed.end(), speeds[0].begin(), speeds[0].end());
        if (line.points.size() < 2) continue;
        if (separate)
            for (const auto& p : line.points) occupancy.mark(p, id);
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace flowlab::core
