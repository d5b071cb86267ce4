#pragma once
// MainWindow: the loop view in the centre, the source, tasks, internals, locals, console, events
// and charts in docks, the Debug actions in a menu and a toolbar, a timeline slider to scrub.

#include <QMainWindow>

#include "timeline.h"

#include <functional>

class QLabel;
class QSlider;
class QListView;
class QTableView;
class QTreeView;
class QComboBox;

namespace loopscope {

class ChartsPanel;
class DebugSession;
class InternalsPanel;
class LoopView;
class SourceEditor;
class SourcePanel;
class TaskGraphView;

/// Builds a Timeline for a scenario (file path, source text); returns null when it cannot run.
using TimelineFactory = std::function<Timeline*(const QString& path, const QString& source)>;

/// The visual debugger's window.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Loads a scenario (a .py file or a ":/scenarios/…" example) into the source panel and
    /// starts a run of it through the timeline factory. False when the file cannot be read.
    bool openScenario(const QString& path);
    /// How runs are made: called by openScenario and after edits with the current source.
    void setTimelineFactory(TimelineFactory factory);
    /// Runs the current source again through the factory (no-op without one).
    void restartRun();
    /// Shows `timeline` (the window's session takes ownership; null shows nothing).
    void setTimeline(Timeline* timeline);
    /// Shows a recorded run of `source` (from `path`) without running anything: a session replay.
    void showRecording(const QString& path, const QString& source, Timeline* timeline);

    DebugSession* session() const;
    LoopView* loopView() const;
    SourcePanel* sourcePanel() const;
    SourceEditor* sourceEditor() const;
    TaskGraphView* taskGraph() const;
    InternalsPanel* internalsPanel() const;
    ChartsPanel* chartsPanel() const;
    /// The watch expressions of the charts panel: a run made by the factory should evaluate them.
    QStringList watchExpressions() const;
    QTableView* eventView() const;
    QListView* consoleView() const;
    QTreeView* localsView() const;
    QSlider* timelineSlider() const;

    /// The action named `objectName` ("stepEvent", "stepHandleBack", "runPause", "reset" …), or null.
    QAction* action(const QString& objectName) const;
    /// Every action of the Debug menu.
    QList<QAction*> debugActions() const;

    /// Scales the fonts of every panel (1.0 is the system size).
    void setZoom(double factor);
    double zoom() const;
    /// Presentation mode: large fonts everywhere, for a lecture hall projector.
    void setPresentationMode(bool on);
    bool presentationMode() const;
    /// Animation length in milliseconds (0: off).
    void setAnimationDuration(int milliseconds);

    /// The window as it looks now, animations finished (for --screenshot and tests).
    QImage renderImage();

    /// Saves geometry, dock layout and preferences to QSettings.
    void saveSettings() const;
    /// Restores what saveSettings saved.
    void restoreSettings();

signals:
    /// A scenario was opened (path and its text).
    void scenarioOpened(const QString& path, const QString& source);
    /// The user edited the source (emitted after a short pause in typing).
    void sourceEdited(const QString& source);
    /// Presentation mode was turned on or off.
    void presentationModeChanged(bool on);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createActions();
    void createDocks();
    void createToolBars();
    void createMenus();
    void showPosition();
    void updateStatus();
    void updateEnabled();
    void applyZoom();
    bool saveTo(const QString& path);
    QAction* makeAction(const QString& name, const QString& text, const QKeySequence& shortcut,
        const QString& tip, std::function<void()> slot, const QIcon& icon = {});

    DebugSession* m_session;
    LoopView* m_loopView;
    SourcePanel* m_source;
    TaskGraphView* m_taskGraph;
    InternalsPanel* m_internals;
    ChartsPanel* m_charts;
    QTableView* m_events;
    QListView* m_console;
    QTreeView* m_locals;
    QComboBox* m_localsTask;
    QSlider* m_timelineSlider;
    QSlider* m_runRateSlider;
    QSlider* m_animationSlider;
    QLabel* m_positionLabel;
    QLabel* m_statusLabel;
    QList<QAction*> m_debugActions;
    QList<QDockWidget*> m_docks;
    TimelineFactory m_factory;
    QString m_path;
    double m_zoom = 1.0;
    bool m_presentation = false;
    QByteArray m_layoutBeforePresentation;
    QFont m_baseFont;
    QTimer* m_editTimer;
    qint64 m_watchTarget = -1; // the event a watch re-run is heading back to
    bool m_layoutRestored = false; // a saved layout wins over the default dock sizes
    bool m_defaultSizesApplied = false;
    bool m_eventColumnsFitted = false; // the event list's columns fit the first rows of the run
};

} // namespace loopscope
