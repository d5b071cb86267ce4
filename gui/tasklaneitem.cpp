#include "tasklaneitem.h"

#include "taskactivitymodel.h"
#include "taskcolors.h"

#include <QAbstractSeries>
#include <QChart>
#include <QPaintDevice>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace loopscope {

namespace {
constexpr int StateCount = int(TaskView::State::Failed) + 1;
/// Below this many pixels per lane, bars with gaps stop being readable: rows summarise lanes instead.
constexpr qreal MinBarPitch = 3;
} // namespace

TaskLaneItem::TaskLaneItem(QChart* chart, QAbstractSeries* anchor)
    : QGraphicsObject(chart)
    , m_chart(chart)
    , m_anchor(anchor)
{
    // Above the grid and axes, under the series (the "now" marker stays on top).
    setZValue(3.5);
    setFlag(ItemHasNoContents, false);
    connect(chart, &QChart::plotAreaChanged, this, [this] {
        prepareGeometryChange();
        update();
    });
}

void TaskLaneItem::reload(const TaskActivityModel& model)
{
    m_segments.clear();
    m_segments.reserve(size_t(model.rowCount()));
    const int lanes = int(model.laneNames().size());
    m_byLane.assign(size_t(lanes), {});
    for (int row = 0; row < model.rowCount(); ++row) {
        const TaskActivityModel::Segment& s = model.segment(row);
        m_segments.push_back(Segment { s.lane, s.state, qreal(s.fromEvent), qreal(s.toEvent) });
        if (s.lane >= 0 && s.lane < lanes)
            m_byLane[size_t(s.lane)].push_back(row);
    }
    // The model appends a task's segments in event order, so each lane's list is already sorted.
    m_cached.reset();
    update();
}

int TaskLaneItem::laneCount() const
{
    return int(m_byLane.size());
}

const std::vector<TaskLaneItem::Segment>& TaskLaneItem::segments() const
{
    return m_segments;
}

std::optional<TaskView::State> TaskLaneItem::stateAt(int lane, qreal event) const
{
    if (lane < 0 || lane >= laneCount())
        return std::nullopt;
    const std::vector<int>& rows = m_byLane[size_t(lane)];
    // The last segment starting at or before `event`: the state sampled there holds until the next.
    auto after = std::upper_bound(
        rows.begin(), rows.end(), event, [this](qreal e, int row) { return e < m_segments[size_t(row)].from; });
    if (after == rows.begin())
        return std::nullopt;
    const Segment& s = m_segments[size_t(*(after - 1))];
    if (event > s.to)
        return std::nullopt;
    return s.state;
}

int TaskLaneItem::lanesPerRow() const
{
    const Mapping m = mapping();
    const qreal pitch = std::abs(m.dy);
    if (pitch >= MinBarPitch || pitch <= 0)
        return 1;
    return int(std::ceil(1 / pitch));
}

QRectF TaskLaneItem::boundingRect() const
{
    return m_chart ? m_chart->plotArea() : QRectF();
}

TaskLaneItem::Mapping TaskLaneItem::mapping() const
{
    Mapping m {};
    if (!m_chart || !m_anchor)
        return m;
    m.plot = m_chart->plotArea();
    // The axes are linear: two points give the whole mapping, so painting needs no call per segment.
    const QPointF p0 = m_chart->mapToPosition(QPointF(0, 0), m_anchor);
    const QPointF p1 = m_chart->mapToPosition(QPointF(1, 1), m_anchor);
    m.x0 = p0.x();
    m.dx = p1.x() - p0.x();
    m.y0 = p0.y();
    m.dy = p1.y() - p0.y();
    m.dpr = 1;
    return m;
}

void TaskLaneItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    Mapping m = mapping();
    if (m.plot.isEmpty() || m_segments.empty())
        return;
    m.dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    if (m_cached != m)
        render(m);
    painter->drawImage(m.plot.topLeft(), m_cache);
}

void TaskLaneItem::render(const Mapping& m)
{
    const QSize size(std::max(1, int(std::ceil(m.plot.width() * m.dpr))), std::max(1, int(std::ceil(m.plot.height() * m.dpr))));
    m_cache = QImage(size, QImage::Format_ARGB32_Premultiplied);
    m_cache.setDevicePixelRatio(m.dpr);
    m_cache.fill(Qt::transparent);
    if (std::abs(m.dy) >= MinBarPitch)
        renderBars(m, m_cache);
    else
        renderRows(m, m_cache);
    m_cached = m;
}

void TaskLaneItem::renderBars(const Mapping& m, QImage& image) const
{
    // A bar per segment, 60% of the lane's pitch thick so that neighbouring lanes stay apart.
    QPainter p(&image);
    const qreal thickness = std::clamp(std::abs(m.dy) * 0.6, 2.0, 24.0);
    const qreal left = m.plot.left(), top = m.plot.top();
    for (const Segment& s : m_segments) {
        const qreal x1 = m.x0 + m.dx * s.from - left;
        const qreal x2 = std::max(x1 + 1, m.x0 + m.dx * s.to - left); // an instant still shows
        const qreal y = m.y0 + m.dy * s.lane - top;
        p.fillRect(QRectF(x1, y - thickness / 2, x2 - x1, thickness), taskStateColor(s.state));
    }
}

void TaskLaneItem::renderRows(const Mapping& m, QImage& image) const
{
    // Each pixel row takes the state most of its lanes are in at each column (running wins: one
    // task at most runs, and it is the one to see), with coverage as opacity (lanes not yet created).
    const int width = image.width(), height = image.height();
    const qreal scale = m.dpr;
    std::array<QRgb, StateCount> colors {};
    for (int s = 0; s < StateCount; ++s)
        colors[size_t(s)] = taskStateColor(TaskView::State(s)).rgb();
    const qreal pitch = std::abs(m.dy) * scale; // pixels per lane
    const qreal lane0 = (m.y0 - m.plot.top()) * scale; // pixel y of lane 0's centre
    const qreal sign = m.dy < 0 ? -1 : 1;
    std::vector<float> cover(size_t(StateCount) * size_t(width + 1));
    for (int row = 0; row < height; ++row) {
        // The lanes whose span [centre - pitch/2, centre + pitch/2) overlaps pixel row [row, row + 1).
        const qreal a = (row - lane0) * sign / pitch, b = (row + 1 - lane0) * sign / pitch;
        const int first = std::max(0, int(std::floor(std::min(a, b) + 0.5)));
        const int last = std::min(laneCount() - 1, int(std::ceil(std::max(a, b) - 0.5)));
        if (first > last)
            continue;
        std::fill(cover.begin(), cover.end(), 0.0f);
        float capacity = 0;
        for (int lane = first; lane <= last; ++lane) {
            const qreal lo = std::max<qreal>(std::min(a, b), lane - 0.5), hi = std::min<qreal>(std::max(a, b), lane + 0.5);
            const float weight = float(std::max<qreal>(0, hi - lo) * pitch); // share of the pixel row
            if (weight <= 0)
                continue;
            capacity += weight;
            for (int index : m_byLane[size_t(lane)]) {
                const Segment& s = m_segments[size_t(index)];
                const int x1 = std::clamp(int(std::floor((m.x0 + m.dx * s.from - m.plot.left()) * scale)), 0, width);
                const int x2 = std::clamp(std::max(x1 + 1, int(std::round((m.x0 + m.dx * s.to - m.plot.left()) * scale))), 0, width);
                float* c = cover.data() + size_t(s.state) * size_t(width + 1);
                c[x1] += weight;
                c[x2] -= weight;
            }
        }
        if (capacity <= 0)
            continue;
        std::array<float, StateCount> running {};
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(row));
        for (int x = 0; x < width; ++x) {
            int best = -1;
            float bestCover = 0, total = 0;
            for (int s = 0; s < StateCount; ++s) {
                running[size_t(s)] += cover[size_t(s) * size_t(width + 1) + size_t(x)];
                const float c = running[size_t(s)];
                total += c;
                if (c > bestCover + 1e-4f) {
                    best = s;
                    bestCover = c;
                }
            }
            if (running[size_t(TaskView::State::Running)] > 1e-4f)
                best = int(TaskView::State::Running);
            if (best < 0)
                continue;
            const float alpha = std::clamp(total / capacity, 0.0f, 1.0f);
            const QRgb c = colors[size_t(best)];
            line[x] = qPremultiply(qRgba(qRed(c), qGreen(c), qBlue(c), int(alpha * 255 + 0.5f)));
        }
    }
}

} // namespace loopscope
