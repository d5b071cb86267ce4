#include "chartspanel.h"

#include "debugsession.h"
#include "iterationstatsmodel.h"
#include "taskactivitymodel.h"
#include "taskcolors.h"
#include "tasklaneitem.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QLineSeries>
#include <QListView>
#include <QHeaderView>
#include <QKeyEvent>
#include <QPushButton>
#include <QSet>
#include <QStandardItemModel>
#include <QStringListModel>
#include <QTreeView>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QVXYModelMapper>
#include <QValueAxis>

namespace loopscope {

namespace {
constexpr int StateCount = int(TaskView::State::Failed) + 1;

void compact(QChart* chart)
{
    // Charts live in a dock: spend the pixels on the plot, not on titles and margins.
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
}

void followPalette(QChart* chart, const QPalette& pal)
{
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(pal.color(QPalette::Base));
    chart->setTitleBrush(pal.color(QPalette::Text));
    chart->legend()->setLabelColor(pal.color(QPalette::Text));
}

QChartView* makeView(QChart* chart, QWidget* parent)
{
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(100); // it shares a dock column with the tasks: leave them the room
    return view;
}
} // namespace

ChartsPanel::ChartsPanel(DebugSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_tabs(new QTabWidget(this))
    , m_countChart(new QChart)
    , m_ready(new QLineSeries)
    , m_timers(new QLineSeries)
    , m_laneChart(new QChart)
    , m_laneX(new QValueAxis)
    , m_laneY(new QCategoryAxis)
    , m_now(new QLineSeries)
    , m_watchChart(new QChart)
    , m_watchNote(new QLabel(this))
    , m_watches(new QStringListModel(this))
    , m_watchValues(new QStandardItemModel(0, 2, this))
    , m_watchList(new QTreeView(this))
    , m_watchInput(new QLineEdit(this))
{
    // Deque length and heap size per iteration, bound to the model by mappers.
    m_ready->setName(tr("ready deque"));
    m_timers->setName(tr("timer heap"));
    m_ready->setPointsVisible(true);
    m_timers->setPointsVisible(true);
    auto* readyMapper = new QVXYModelMapper(this);
    readyMapper->setXColumn(IterationStatsModel::IterationColumn);
    readyMapper->setYColumn(IterationStatsModel::ReadyColumn);
    readyMapper->setSeries(m_ready);
    readyMapper->setModel(session->iterationModel());
    auto* timersMapper = new QVXYModelMapper(this);
    timersMapper->setXColumn(IterationStatsModel::IterationColumn);
    timersMapper->setYColumn(IterationStatsModel::TimersColumn);
    timersMapper->setSeries(m_timers);
    timersMapper->setModel(session->iterationModel());
    m_countChart->addSeries(m_ready);
    m_countChart->addSeries(m_timers);
    auto* iterAxis = new QValueAxis;
    iterAxis->setTitleText(tr("_run_once iteration"));
    iterAxis->setLabelFormat(QStringLiteral("%d"));
    auto* countAxis = new QValueAxis;
    countAxis->setTitleText(tr("handles"));
    countAxis->setLabelFormat(QStringLiteral("%d"));
    m_countChart->addAxis(iterAxis, Qt::AlignBottom);
    m_countChart->addAxis(countAxis, Qt::AlignLeft);
    for (auto* s : { m_ready, m_timers }) {
        s->attachAxis(iterAxis);
        s->attachAxis(countAxis);
    }
    const auto rescale = [this, iterAxis, countAxis] {
        const auto* model = m_session->iterationModel();
        int maxIter = 1, maxCount = 1;
        for (int r = 0; r < model->rowCount(); ++r) {
            maxIter = std::max(maxIter, model->index(r, IterationStatsModel::IterationColumn).data().toInt());
            maxCount = std::max({ maxCount, model->index(r, IterationStatsModel::ReadyColumn).data().toInt(),
                model->index(r, IterationStatsModel::TimersColumn).data().toInt() });
        }
        iterAxis->setRange(1, std::max(2, maxIter));
        countAxis->setRange(0, maxCount + 1);
        iterAxis->setTickCount(std::min(maxIter, 10) + 1);
        countAxis->setTickCount(std::min(maxCount + 1, 8) + 1);
    };
    connect(session->iterationModel(), &QAbstractItemModel::rowsInserted, this, rescale);
    connect(session->iterationModel(), &QAbstractItemModel::modelReset, this, rescale);
    rescale();
    m_countChart->setToolTip(tr("Ready deque and timer heap at the start of each iteration"));

    // Task lanes: one item paints them all through the chart's axes; empty series per state make the legend.
    m_laneChart->setToolTip(tr("Each task's state over the run (x: event number)"));
    m_laneX->setTitleText(tr("event"));
    m_laneX->setLabelFormat(QStringLiteral("%d"));
    m_laneX->setTickCount(6);
    m_laneY->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_laneChart->addAxis(m_laneX, Qt::AlignBottom);
    m_laneChart->addAxis(m_laneY, Qt::AlignLeft);
    for (int state = 0; state < StateCount; ++state) {
        auto* key = new QLineSeries;
        key->setName(taskStateName(TaskView::State(state)));
        m_laneKeys << key;
    }
    m_now->setName(tr("now"));
    for (QLineSeries* s : std::as_const(m_laneKeys) + QList<QLineSeries*> { m_now }) {
        m_laneChart->addSeries(s);
        s->attachAxis(m_laneX);
        s->attachAxis(m_laneY);
    }
    m_lanes = new TaskLaneItem(m_laneChart, m_now);
    connect(session->activityModel(), &QAbstractItemModel::rowsInserted, this, &ChartsPanel::scheduleLanes);
    connect(session->activityModel(), &QAbstractItemModel::modelReset, this, &ChartsPanel::scheduleLanes);
    connect(session->activityModel(), &QAbstractItemModel::dataChanged, this, &ChartsPanel::scheduleLanes);
    connect(session, &DebugSession::positionChanged, this, &ChartsPanel::updateNowMarker);

    // Watches.
    auto* watchPage = new QWidget(this);
    auto* add = new QPushButton(tr("Add watch"), watchPage);
    auto* remove = new QPushButton(tr("Remove"), watchPage);
    remove->setToolTip(tr("Remove the selected watch expression"));
    m_watchInput->setPlaceholderText(tr("expression, e.g. len(all_potatos)"));
    m_watchInput->setToolTip(tr("Evaluated by the engine at each line and each _run_once, with the running frame's locals"));
    m_watchValues->setHorizontalHeaderLabels({ tr("Expression"), tr("Value now") });
    m_watchList->setModel(m_watchValues);
    m_watchList->setRootIsDecorated(false);
    m_watchList->setUniformRowHeights(true);
    m_watchList->setAlternatingRowColors(true);
    m_watchList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_watchList->header()->setStretchLastSection(true);
    m_watchList->setMaximumHeight(m_watchList->fontMetrics().height() * 5);
    m_watchList->setMinimumHeight(m_watchList->fontMetrics().height() * 3);
    m_watchNote->setWordWrap(true);
    auto* inputRow = new QHBoxLayout;
    inputRow->addWidget(m_watchInput, 1);
    inputRow->addWidget(add);
    inputRow->addWidget(remove);
    auto* watchLayout = new QVBoxLayout(watchPage);
    watchLayout->setContentsMargins(2, 2, 2, 2);
    watchLayout->addLayout(inputRow);
    watchLayout->addWidget(m_watchList);
    watchLayout->addWidget(m_watchNote);
    watchLayout->addWidget(makeView(m_watchChart, watchPage), 1);
    const auto submit = [this] {
        addWatch(m_watchInput->text());
        m_watchInput->clear();
    };
    connect(add, &QPushButton::clicked, this, submit);
    connect(m_watchInput, &QLineEdit::returnPressed, this, submit);
    connect(remove, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_watchList->currentIndex();
        if (current.isValid())
            removeWatch(m_watchValues->item(current.row(), 0)->text());
    });
    connect(session, &DebugSession::eventCountChanged, this, &ChartsPanel::rebuildWatches);
    connect(session, &DebugSession::timelineChanged, this, &ChartsPanel::rebuildWatches);
    connect(session, &DebugSession::positionChanged, this, &ChartsPanel::updateWatchValues);
    m_watchChart->setToolTip(tr("Watch expressions over virtual time"));

    m_tabs->addTab(makeView(m_countChart, this), tr("Deque && heap"));
    m_tabs->addTab(makeView(m_laneChart, this), tr("Task lanes"));
    m_tabs->addTab(watchPage, tr("Watches"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    for (QChart* c : { m_countChart, m_laneChart, m_watchChart }) {
        compact(c);
        followPalette(c, palette());
    }
    styleLanes();
    // How many lane names fit follows the plot's height.
    connect(m_laneChart, &QChart::plotAreaChanged, this, [this] { relabelLanes(); });
    rebuildLanes();
    rebuildWatches();
}

void ChartsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (QChart* c : { m_countChart, m_laneChart, m_watchChart })
            followPalette(c, palette());
        styleLanes();
        rebuildWatches();
    }
}

void ChartsPanel::addWatch(const QString& expression)
{
    const QString e = expression.trimmed();
    if (e.isEmpty() || m_watches->stringList().contains(e))
        return;
    m_watches->setStringList(m_watches->stringList() << e);
    rebuildWatches();
    emit watchesChanged(m_watches->stringList());
}

void ChartsPanel::removeWatch(const QString& expression)
{
    QStringList list = m_watches->stringList();
    if (!list.removeOne(expression))
        return;
    m_watches->setStringList(list);
    rebuildWatches();
    emit watchesChanged(list);
}

QStringList ChartsPanel::watches() const
{
    return m_watches->stringList();
}

QStringListModel* ChartsPanel::watchModel() const
{
    return m_watches;
}

QStandardItemModel* ChartsPanel::watchValueModel() const
{
    return m_watchValues;
}

QLineSeries* ChartsPanel::readySeries() const
{
    return m_ready;
}

QLineSeries* ChartsPanel::timersSeries() const
{
    return m_timers;
}

QChart* ChartsPanel::laneChart() const
{
    return m_laneChart;
}

TaskLaneItem* ChartsPanel::laneItem() const
{
    return m_lanes;
}

QChart* ChartsPanel::watchChart() const
{
    return m_watchChart;
}

QTabWidget* ChartsPanel::tabs() const
{
    return m_tabs;
}

void ChartsPanel::scheduleLanes()
{
    // Many rows arrive at once while the engine runs ahead: rebuild once per batch.
    if (m_lanesPending)
        return;
    m_lanesPending = true;
    QTimer::singleShot(0, this, [this] {
        m_lanesPending = false;
        rebuildLanes();
    });
}

void ChartsPanel::rebuildLanes()
{
    const TaskActivityModel* model = m_session->activityModel();
    m_lanes->reload(*model);
    qreal maxX = 1;
    bool present[StateCount] = {};
    for (const TaskLaneItem::Segment& s : m_lanes->segments()) {
        maxX = std::max({ maxX, s.to, s.from + 0.6 });
        present[int(s.state)] = true;
    }
    m_laneX->setRange(0, maxX);
    // One legend entry per state that occurs.
    for (int state = 0; state < StateCount; ++state) {
        for (QLegendMarker* marker : m_laneChart->legend()->markers(m_laneKeys[state]))
            marker->setVisible(present[state]);
    }
    m_laneStride = 0; // the lanes changed: label them again
    relabelLanes();
    updateNowMarker();
}

void ChartsPanel::relabelLanes()
{
    // A label per lane while they fit, else every k-th lane's (the lanes themselves aggregate by pixel row).
    const QStringList lanes = m_session->activityModel()->laneNames();
    const int n = int(lanes.size());
    const int rows = std::max(1, int(m_laneChart->plotArea().height() / (QFontMetrics(m_laneY->labelsFont()).height() * 1.2)));
    const int stride = std::max(1, (n + rows - 1) / rows);
    if (stride == m_laneStride && m_laneY->count() == (n + stride - 1) / stride)
        return;
    m_laneStride = stride;
    for (const QString& label : m_laneY->categoriesLabels())
        m_laneY->remove(label);
    QSet<QString> used;
    for (int lane = 0; lane < n; lane += stride) {
        QString label = lanes[lane];
        while (used.contains(label))
            label += QChar(0x200B); // the axis keeps one category per label: tell equal names apart invisibly
        used.insert(label);
        m_laneY->append(label, lane);
    }
    m_laneY->setRange(-0.5, std::max(n - 0.5, 0.5));
}

void ChartsPanel::styleLanes()
{
    // A theme recolours every series: the state keys take the lanes' colours back.
    for (int state = 0; state < StateCount; ++state) {
        QPen pen(taskStateColor(TaskView::State(state)));
        pen.setWidth(8);
        m_laneKeys[state]->setPen(pen);
    }
    // Not the palette's highlight: that is a blue like the suspended bars it crosses.
    QPen nowPen(nowMarkerColor());
    nowPen.setWidth(3);
    m_now->setPen(nowPen);
}

void ChartsPanel::updateNowMarker()
{
    const qreal x = std::max<qint64>(m_session->position(), 0);
    const int lanes = m_lanes->laneCount();
    m_now->replace({ QPointF(x, -0.5), QPointF(x, std::max(lanes, 1) - 0.5) });
}

void ChartsPanel::rebuildWatches()
{
    m_watchChart->removeAllSeries();
    for (QAbstractAxis* axis : m_watchChart->axes())
        { m_watchChart->removeAxis(axis); delete axis; } // removeAxis hands ownership back
    Timeline* timeline = m_session->timeline();
    // The page also holds the input and the list: no axis titles, small labels, so the plot keeps its room.
    QFont labels = font();
    labels.setPointSizeF(labels.pointSizeF() * 0.85);
    auto* xAxis = new QValueAxis;
    xAxis->setLabelFormat(QStringLiteral("%g"));
    xAxis->setTickCount(5);
    xAxis->setLabelsFont(labels);
    auto* yAxis = new QValueAxis;
    yAxis->setLabelFormat(QStringLiteral("%g"));
    yAxis->setTickCount(5);
    yAxis->setLabelsFont(labels);
    m_watchChart->addAxis(xAxis, Qt::AlignBottom);
    m_watchChart->addAxis(yAxis, Qt::AlignLeft);
    qreal minX = 0, maxX = 1, minY = 0, maxY = 1;
    int withValues = 0;
    for (const QString& expression : m_watches->stringList()) {
        const QList<QPointF> points = timeline ? timeline->watchValues(expression) : QList<QPointF> {};
        if (points.isEmpty())
            continue;
        ++withValues;
        auto* series = new QLineSeries;
        series->setName(expression);
        series->setPointsVisible(points.size() < 40); // markers would hide a long step plot
        series->append(points);
        for (const QPointF& p : points) {
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y());
            maxY = std::max(maxY, p.y());
        }
        m_watchChart->addSeries(series);
        series->attachAxis(xAxis);
        series->attachAxis(yAxis);
    }
    xAxis->setRange(minX, maxX);
    yAxis->setRange(minY, maxY + (maxY - minY) * 0.1);
    yAxis->applyNiceNumbers();
    // The list names a lone series already.
    m_watchChart->legend()->setVisible(withValues > 1);
    updateWatchValues();
    const int total = int(m_watches->stringList().size());
    m_watchNote->setText(total == 0 ? tr("Add an expression to plot its value over virtual time.")
                         : tr("x: virtual time (s); non-numeric values are listed, not plotted"));
}

} // namespace loopscope

namespace loopscope {

void ChartsPanel::updateWatchValues()
{
    const QStringList list = m_watches->stringList();
    Timeline* timeline = m_session->timeline();
    const qint64 at = m_session->position();
    if (m_watchValues->rowCount() != list.size())
        m_watchValues->setRowCount(int(list.size()));
    for (int row = 0; row < list.size(); ++row) {
        const QString value = timeline && at >= 0 ? timeline->watchText(list[row], uint64_t(at)) : QString();
        auto set = [this, row](int column, const QString& text) {
            QStandardItem* item = m_watchValues->item(row, column);
            if (!item)
                m_watchValues->setItem(row, column, item = new QStandardItem);
            if (item->text() != text)
                item->setText(text);
            item->setToolTip(text);
        };
        set(0, list[row]);
        set(1, value.isEmpty() ? tr("(not evaluated yet)") : value);
    }
}

} // namespace loopscope
