#pragma once
// SourceEditor: the scenario's Python source with line numbers, a breakpoint gutter, the current
// line lit and the lines where suspended tasks are parked marked in each task's colour.

#include <QColor>
#include <QList>
#include <QPlainTextEdit>
#include <QSet>

namespace loopscope {

class PythonHighlighter;

/// Where a suspended task is parked, as the gutter marks it.
struct TaskMarker {
    int line = 0;
    QColor color;
    QString task; ///< "Task-1"
};

/// A Python editor with a clickable breakpoint gutter.
class SourceEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit SourceEditor(QWidget* parent = nullptr);

    /// Replaces the text without emitting `sourceEdited`; clears breakpoints and markers.
    void setSource(const QString& text);
    /// Loads a file (UTF-8); returns false and leaves the editor unchanged when it cannot be read.
    bool openFile(const QString& path);
    /// Writes the text (UTF-8); returns false when the file cannot be written.
    bool saveFile(const QString& path);

    QSet<int> breakpoints() const;
    void setBreakpoints(const QSet<int>& lines);
    /// Adds or removes the breakpoint on `line` (1-based).
    void toggleBreakpoint(int line);

    /// Lights `line` (1-based; 0 lights nothing) and scrolls it into view.
    void setCurrentLine(int line);
    int currentLine() const;
    /// Marks the lines where suspended tasks are parked.
    void setTaskMarkers(const QList<TaskMarker>& markers);
    QList<TaskMarker> taskMarkers() const;
    /// The line the text cursor is on (1-based).
    int cursorLine() const;

    /// Width of the gutter in pixels.
    int gutterWidth() const;
    /// Which line (1-based) is drawn at `y` in viewport coordinates, or 0.
    int lineAt(int y) const;
    /// Paints the gutter (called by the gutter widget).
    void paintGutter(QPaintEvent* event);
    /// Handles a click in the gutter at viewport y.
    void gutterClicked(int y);
    PythonHighlighter* highlighter() const;
    /// The gutter widget (line numbers, breakpoints, task markers).
    QWidget* gutter() const;
    /// Numbers the first line `first` in the gutter (for excerpts of a larger file).
    void setFirstLineNumber(int first);
    int firstLineNumber() const;
    /// When false, gutter clicks do nothing (read-only views).
    void setBreakpointsEnabled(bool enabled);
    /// Tints document lines first..last (1-based in this document; 0 clears) and shows them.
    void setHighlightedLines(int first, int last);
    /// The tinted range as (first, last), (0, 0) when none.
    QPair<int, int> highlightedLines() const;

signals:
    /// The user changed the text (not emitted by setSource/openFile).
    void sourceEdited();
    void breakpointsChanged(const QSet<int>& lines);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateGutterWidth();
    /// Scrolls so that lines first..last are in view (when they are not already).
    void revealLines(int first, int last);
    void updateGutter(const QRect& rect, int dy);
    void updateSelections();

    QWidget* m_gutter;
    PythonHighlighter* m_highlighter;
    QSet<int> m_breakpoints;
    QList<TaskMarker> m_markers;
    int m_currentLine = 0;
    int m_firstLineNumber = 1;
    int m_highlightFirst = 0;
    int m_highlightLast = 0;
    bool m_breakpointsEnabled = true;
    bool m_loading = false;
};

} // namespace loopscope
