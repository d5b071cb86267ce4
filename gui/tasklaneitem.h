#pragma once
// TaskLaneItem: the task-lane chart's lanes (each task's state over the events), painted by one
// item in the QChart's scene: a series per segment stopped scaling at a few hundred tasks. When
// the lanes outnumber the plot's pixel rows, each row summarises the lanes it covers.

#include <QGraphicsObject>
#include <QImage>
#include <QPointer>

#include <loopscope/debug/loopstate.h>

#include <optional>
#include <vector>

class QAbstractSeries;
class QChart;

namespace loopscope {

class TaskActivityModel;

/// The lanes of a TaskActivityModel drawn over a chart's plot area, through the chart's own axes.
class TaskLaneItem : public QGraphicsObject {
    Q_OBJECT
public:
    /// One stretch of a lane in one state, in events (x) and lanes (y) of the chart's axes.
    struct Segment {
        int lane;
        TaskView::State state;
        qreal from, to;
        bool operator==(const Segment&) const = default;
    };

    /// Paints over `chart`'s plot area; `anchor` is a series attached to both axes (values map through it).
    TaskLaneItem(QChart* chart, QAbstractSeries* anchor);

    /// Copies every row of `model` (the chart's only input) and repaints.
    void reload(const TaskActivityModel& model);
    int laneCount() const;
    /// Segments in model order.
    const std::vector<Segment>& segments() const;
    /// The state lane `lane` shows at event `event`, or nullopt where the lane is empty.
    std::optional<TaskView::State> stateAt(int lane, qreal event) const;
    /// Lanes that share one pixel row of the plot (1: every lane has its own bar).
    int lanesPerRow() const;

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    struct Mapping {
        QRectF plot;
        qreal x0, dx, y0, dy; ///< chart position = (x0 + dx * event, y0 + dy * lane)
        qreal dpr;
        bool operator==(const Mapping&) const = default;
    };
    Mapping mapping() const;
    void render(const Mapping& m);
    void renderBars(const Mapping& m, QImage& image) const;
    void renderRows(const Mapping& m, QImage& image) const;

    QPointer<QChart> m_chart;
    QPointer<QAbstractSeries> m_anchor;
    std::vector<Segment> m_segments;
    std::vector<std::vector<int>> m_byLane; ///< indices into m_segments, by lane, in event order
    QImage m_cache; ///< the plot area's lanes as last rendered
    std::optional<Mapping> m_cached; ///< the mapping m_cache was rendered with (nullopt: stale)
};

} // namespace loopscope
