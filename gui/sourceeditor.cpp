#include "sourceeditor.h"

#include "pythonhighlighter.h"

#include <QFile>
#include <QFontDatabase>
#include <QHash>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QSaveFile>
#include <QScrollBar>
#include <QTextBlock>

namespace loopscope {

namespace {
/// The gutter forwards painting and clicks to its editor.
class Gutter : public QWidget {
public:
    explicit Gutter(SourceEditor* editor)
        : QWidget(editor)
        , m_editor(editor)
    {
        setCursor(Qt::PointingHandCursor);
        setToolTip(SourceEditor::tr("Click to toggle a breakpoint"));
    }
    QSize sizeHint() const override { return QSize(m_editor->gutterWidth(), 0); }

protected:
    void paintEvent(QPaintEvent* event) override { m_editor->paintGutter(event); }
    void mousePressEvent(QMouseEvent* event) override
    {
        if (event->button() == Qt::LeftButton)
            m_editor->gutterClicked(int(event->position().y()));
    }
    void mouseReleaseEvent(QMouseEvent* event) override { event->accept(); }

private:
    SourceEditor* m_editor;
};
} // namespace

SourceEditor::SourceEditor(QWidget* parent)
    : QPlainTextEdit(parent)
    , m_gutter(new Gutter(this))
    , m_highlighter(new PythonHighlighter(document()))
{
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(mono);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
    connect(this, &QPlainTextEdit::blockCountChanged, this, &SourceEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &SourceEditor::updateGutter);
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_loading)
            emit sourceEdited();
    });
    m_highlighter->setDarkPalette(palette().color(QPalette::Base).lightness() < 128);
    updateGutterWidth();
}

void SourceEditor::setSource(const QString& text)
{
    m_loading = true;
    setPlainText(text);
    m_loading = false;
    m_markers.clear();
    m_currentLine = 0;
    m_highlightFirst = m_highlightLast = 0;
    if (!m_breakpoints.isEmpty()) {
        m_breakpoints.clear();
        emit breakpointsChanged(m_breakpoints);
    }
    updateSelections();
    m_gutter->update();
}

bool SourceEditor::openFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    setSource(QString::fromUtf8(file.readAll()));
    document()->setModified(false);
    return true;
}

bool SourceEditor::saveFile(const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(toPlainText().toUtf8());
    if (!file.commit())
        return false;
    document()->setModified(false);
    return true;
}

QSet<int> SourceEditor::breakpoints() const
{
    return m_breakpoints;
}

void SourceEditor::setBreakpoints(const QSet<int>& lines)
{
    if (lines == m_breakpoints)
        return;
    m_breakpoints = lines;
    m_gutter->update();
    emit breakpointsChanged(m_breakpoints);
}

void SourceEditor::toggleBreakpoint(int line)
{
    if (line < 1 || line > blockCount())
        return;
    if (!m_breakpoints.remove(line))
        m_breakpoints.insert(line);
    m_gutter->update();
    emit breakpointsChanged(m_breakpoints);
}

void SourceEditor::setCurrentLine(int line)
{
    m_currentLine = line;
    updateSelections();
    if (line > 0)
        revealLines(line, line);
    m_gutter->update();
}

void SourceEditor::revealLines(int first, int last)
{
    // Without wrapping, QPlainTextEdit's scroll bar counts lines: scroll synchronously, so that a
    // grab() right after a step already shows the line.
    const int visible = std::max(1, viewport()->height() / std::max(1, fontMetrics().lineSpacing()));
    QScrollBar* bar = verticalScrollBar();
    const int top = bar->value();
    if (first - 1 >= top && last <= top + visible - 1)
        return;
    const int span = last - first + 1;
    const int target = span >= visible ? first - 1 : first - 1 - (visible - span) / 3;
    bar->setValue(std::clamp(target, bar->minimum(), bar->maximum()));
}

int SourceEditor::currentLine() const
{
    return m_currentLine;
}

void SourceEditor::setTaskMarkers(const QList<TaskMarker>& markers)
{
    m_markers = markers;
    updateSelections();
    m_gutter->update();
}

QList<TaskMarker> SourceEditor::taskMarkers() const
{
    return m_markers;
}

int SourceEditor::cursorLine() const
{
    return textCursor().blockNumber() + 1;
}

int SourceEditor::gutterWidth() const
{
    int digits = 1;
    for (int max = std::max(1, blockCount() + m_firstLineNumber - 1); max >= 10; max /= 10)
        ++digits;
    digits = std::max(digits, 3);
    // Breakpoint dot, digits, task marker stripe.
    return fontMetrics().height() + 6 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits + 10;
}

int SourceEditor::lineAt(int y) const
{
    QTextBlock block = firstVisibleBlock();
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    while (block.isValid()) {
        const qreal bottom = top + blockBoundingRect(block).height();
        if (y >= top && y < bottom)
            return block.blockNumber() + 1;
        top = bottom;
        block = block.next();
    }
    return 0;
}

void SourceEditor::setFirstLineNumber(int first)
{
    m_firstLineNumber = first;
    updateGutterWidth();
    m_gutter->update();
}

int SourceEditor::firstLineNumber() const
{
    return m_firstLineNumber;
}

void SourceEditor::setBreakpointsEnabled(bool enabled)
{
    m_breakpointsEnabled = enabled;
    m_gutter->setCursor(enabled ? Qt::PointingHandCursor : Qt::ArrowCursor);
    m_gutter->setToolTip(enabled ? tr("Click to toggle a breakpoint") : QString());
}

void SourceEditor::setHighlightedLines(int first, int last)
{
    m_highlightFirst = first;
    m_highlightLast = last;
    updateSelections();
    if (first > 0)
        revealLines(first, last);
}

QPair<int, int> SourceEditor::highlightedLines() const
{
    return { m_highlightFirst, m_highlightLast };
}

void SourceEditor::gutterClicked(int y)
{
    if (!m_breakpointsEnabled)
        return;
    const int line = lineAt(y);
    if (line > 0)
        toggleBreakpoint(line);
}

QWidget* SourceEditor::gutter() const
{
    return m_gutter;
}

PythonHighlighter* SourceEditor::highlighter() const
{
    return m_highlighter;
}

void SourceEditor::paintGutter(QPaintEvent* event)
{
    QPainter p(m_gutter);
    const QPalette pal = palette();
    p.fillRect(event->rect(), pal.color(QPalette::Window));
    p.setRenderHint(QPainter::Antialiasing);
    const int dot = fontMetrics().height() - 4;
    const int width = m_gutter->width();

    QTextBlock block = firstVisibleBlock();
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    while (block.isValid() && top <= event->rect().bottom()) {
        const qreal height = blockBoundingRect(block).height();
        const int line = block.blockNumber() + 1;
        if (block.isVisible() && top + height >= event->rect().top()) {
            // Task markers: a stripe per parked task at the right edge, in the task's colour.
            int stripe = 0;
            for (const TaskMarker& m : std::as_const(m_markers)) {
                if (m.line != line)
                    continue;
                if (width - 5 - stripe * 5 < 0)
                    break; // thousands of tasks parked on one line: the gutter is full
                p.fillRect(QRectF(width - 5 - stripe * 5, top, 4, height), m.color);
                ++stripe;
            }
            if (m_breakpoints.contains(line)) {
                p.setPen(Qt::NoPen);
                p.setBrush(QColor(0xd0, 0x30, 0x30));
                p.drawEllipse(QRectF(3, top + (height - dot) / 2, dot, dot));
            }
            if (line == m_currentLine) {
                // An arrow for the current line, over the breakpoint dot.
                QPainterPath arrow;
                const qreal cy = top + height / 2;
                arrow.moveTo(3, cy - dot / 3.0);
                arrow.lineTo(3 + dot * 0.6, cy - dot / 3.0);
                arrow.lineTo(3 + dot, cy);
                arrow.lineTo(3 + dot * 0.6, cy + dot / 3.0);
                arrow.lineTo(3, cy + dot / 3.0);
                arrow.closeSubpath();
                p.setPen(QPen(pal.color(QPalette::Text), 1));
                p.setBrush(QColor(0xf0, 0xc0, 0x20));
                p.drawPath(arrow);
            }
            p.setPen(line == m_currentLine ? pal.color(QPalette::Text) : pal.color(QPalette::PlaceholderText));
            p.drawText(QRectF(dot + 6, top, width - dot - 6 - 12, height), Qt::AlignRight | Qt::AlignVCenter,
                QString::number(line + m_firstLineNumber - 1));
        }
        top += height;
        block = block.next();
    }
}

void SourceEditor::resizeEvent(QResizeEvent* event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

void SourceEditor::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setDarkPalette(palette().color(QPalette::Base).lightness() < 128);
        updateSelections();
    }
    if (event->type() == QEvent::FontChange) {
        setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
        updateGutterWidth();
    }
}

void SourceEditor::updateGutterWidth()
{
    setViewportMargins(gutterWidth(), 0, 0, 0);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

void SourceEditor::updateGutter(const QRect& rect, int dy)
{
    if (dy)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
}

void SourceEditor::updateSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    for (int line = m_highlightFirst; line > 0 && line <= m_highlightLast; ++line) {
        const QTextBlock block = document()->findBlockByNumber(line - 1);
        if (!block.isValid())
            break;
        QTextEdit::ExtraSelection s;
        s.format.setBackground(dark ? QColor(0x20, 0x50, 0x70) : QColor(0xcc, 0xe8, 0xff));
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.cursor = QTextCursor(block);
        selections << s;
    }
    // Beyond a few tints a line is as dark as it gets: thousands of selections on one line cost a step its frame.
    constexpr int MaxTintsPerLine = 3;
    QHash<int, int> tints;
    for (const TaskMarker& m : std::as_const(m_markers)) {
        if (++tints[m.line] > MaxTintsPerLine)
            continue;
        const QTextBlock block = document()->findBlockByNumber(m.line - 1);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection s;
        QColor tint = m.color;
        tint.setAlpha(dark ? 70 : 45);
        s.format.setBackground(tint);
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.cursor = QTextCursor(block);
        selections << s;
    }
    if (m_currentLine > 0) {
        const QTextBlock block = document()->findBlockByNumber(m_currentLine - 1);
        if (block.isValid()) {
            QTextEdit::ExtraSelection s;
            s.format.setBackground(dark ? QColor(0x60, 0x50, 0x10) : QColor(0xff, 0xf0, 0xa0));
            s.format.setProperty(QTextFormat::FullWidthSelection, true);
            s.cursor = QTextCursor(block);
            selections << s;
        }
    }
    setExtraSelections(selections);
}

} // namespace loopscope
