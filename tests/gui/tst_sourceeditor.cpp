// SourceEditor, PythonHighlighter and SourcePanel: breakpoint gutter, highlighting, markers,
// current line, edits, files and the built-in examples.

#include <QtTest>

#include "pythonhighlighter.h"
#include "sourceeditor.h"
#include "sourcepanel.h"

#include <QComboBox>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextLayout>

using namespace loopscope;

namespace {
const char* Sample = R"(import asyncio

@decorated
async def main(n=42):
    # wait a little
    name = f"task {n}"
    doc = """first
second line"""
    await asyncio.sleep(0.5)
    return 'done'
)";

/// The foreground colour the highlighter gave (line, column), both 1-based / 0-based.
QColor colourAt(QTextDocument* doc, int line, int column)
{
    const QTextBlock block = doc->findBlockByNumber(line - 1);
    for (const QTextLayout::FormatRange& r : block.layout()->formats()) {
        if (column >= r.start && column < r.start + r.length)
            return r.format.foreground().color();
    }
    return {};
}
} // namespace

class TestSourceEditor : public QObject {
    Q_OBJECT

private slots:
    void highlightsPython()
    {
        SourceEditor editor;
        editor.setSource(QString::fromUtf8(Sample));
        PythonHighlighter* h = editor.highlighter();
        QTextDocument* doc = editor.document();
        const auto colour = [h](PythonHighlighter::Token t) { return h->format(t).foreground().color(); };
        QCOMPARE(colourAt(doc, 1, 0), colour(PythonHighlighter::Token::Keyword)); // import
        QCOMPARE(colourAt(doc, 3, 1), colour(PythonHighlighter::Token::Decorator)); // @decorated
        QCOMPARE(colourAt(doc, 4, 0), colour(PythonHighlighter::Token::Keyword)); // async
        QCOMPARE(colourAt(doc, 4, 10), colour(PythonHighlighter::Token::Definition)); // main
        QCOMPARE(colourAt(doc, 4, 17), colour(PythonHighlighter::Token::Number)); // 42
        QCOMPARE(colourAt(doc, 5, 6), colour(PythonHighlighter::Token::Comment)); // # wait
        QCOMPARE(colourAt(doc, 6, 11), colour(PythonHighlighter::Token::FString)); // f"task {n}"
        QCOMPARE(colourAt(doc, 7, 12), colour(PythonHighlighter::Token::String)); // """first
        QCOMPARE(colourAt(doc, 8, 2), colour(PythonHighlighter::Token::String)); // second line (still in the string)
        QCOMPARE(colourAt(doc, 9, 4), colour(PythonHighlighter::Token::Keyword)); // await
        QCOMPARE(colourAt(doc, 9, 25), colour(PythonHighlighter::Token::Number)); // 0.5
        QCOMPARE(colourAt(doc, 10, 12), colour(PythonHighlighter::Token::String)); // 'done'
        QVERIFY(colour(PythonHighlighter::Token::String) != colour(PythonHighlighter::Token::FString));
        // Keywords inside strings stay strings.
        editor.setSource(QStringLiteral("x = 'if while'\n"));
        QCOMPARE(colourAt(editor.document(), 1, 6), colour(PythonHighlighter::Token::String));
    }

    void gutterClickTogglesBreakpoints()
    {
        SourceEditor editor;
        editor.resize(500, 400);
        editor.setSource(QString::fromUtf8(Sample));
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QSignalSpy changed(&editor, &SourceEditor::breakpointsChanged);
        const QTextBlock line4 = editor.document()->findBlockByNumber(3);
        const int y = editor.cursorRect(QTextCursor(line4)).center().y();
        QCOMPARE(editor.lineAt(y), 4);
        QTest::mouseClick(editor.gutter(), Qt::LeftButton, {}, QPoint(6, y));
        QCOMPARE(editor.breakpoints(), QSet<int> { 4 });
        QCOMPARE(changed.count(), 1);
        QTest::mouseClick(editor.gutter(), Qt::LeftButton, {}, QPoint(6, y));
        QVERIFY(editor.breakpoints().isEmpty());
        QCOMPARE(changed.count(), 2);
        editor.toggleBreakpoint(9);
        editor.toggleBreakpoint(1000); // past the end: ignored
        QCOMPARE(editor.breakpoints(), QSet<int> { 9 });
        editor.setBreakpointsEnabled(false);
        QTest::mouseClick(editor.gutter(), Qt::LeftButton, {}, QPoint(6, y));
        QCOMPARE(editor.breakpoints(), QSet<int> { 9 });
    }

    void currentLineAndTaskMarkers()
    {
        SourceEditor editor;
        editor.setSource(QString::fromUtf8(Sample));
        editor.setCurrentLine(9);
        QCOMPARE(editor.currentLine(), 9);
        editor.setTaskMarkers({ TaskMarker { 9, Qt::red, QStringLiteral("Task-1") }, TaskMarker { 4, Qt::blue, QStringLiteral("Task-2") } });
        const auto selections = editor.extraSelections();
        QCOMPARE(selections.size(), 3); // two parked tasks and the current line
        QCOMPARE(selections.last().cursor.blockNumber(), 8);
        editor.setHighlightedLines(2, 3);
        QCOMPARE(editor.extraSelections().size(), 5);
        QCOMPARE(editor.highlightedLines(), qMakePair(2, 3));
        editor.setSource(QStringLiteral("x = 1\n"));
        QCOMPARE(editor.currentLine(), 0);
        QVERIFY(editor.extraSelections().isEmpty());
    }

    void editsAreSignalledButLoadsAreNot()
    {
        SourceEditor editor;
        QSignalSpy edited(&editor, &SourceEditor::sourceEdited);
        editor.setSource(QStringLiteral("print(1)\n"));
        QCOMPARE(edited.count(), 0);
        editor.show();
        editor.moveCursor(QTextCursor::End);
        QTest::keyClicks(&editor, QStringLiteral("print(2)"));
        QVERIFY(edited.count() > 0);
        QVERIFY(editor.toPlainText().contains(QStringLiteral("print(2)")));
    }

    void openAndSaveFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.py"));
        SourceEditor editor;
        editor.setSource(QStringLiteral("async def main():\n    pass\n"));
        QVERIFY(editor.saveFile(path));
        SourceEditor other;
        QVERIFY(other.openFile(path));
        QCOMPARE(other.toPlainText(), editor.toPlainText());
        QVERIFY(!other.openFile(dir.filePath(QStringLiteral("missing.py"))));
        QCOMPARE(other.toPlainText(), editor.toPlainText());
        QVERIFY(!editor.saveFile(dir.filePath(QStringLiteral("no/such/dir/x.py"))));
    }

    void examplesComeFromTheResources()
    {
        const QStringList examples = SourcePanel::builtInExamples();
        QVERIFY(!examples.isEmpty());
        QCOMPARE(examples.first(), QStringLiteral(":/scenarios/potatoes.py"));
        QFile seed(examples.first());
        QVERIFY(seed.open(QIODevice::ReadOnly));
        QVERIFY(seed.readAll().contains("asyncio"));
        SourcePanel panel;
        QCOMPARE(panel.examplePicker()->count(), examples.size() + 1);
        QSignalSpy chosen(&panel, &SourcePanel::exampleChosen);
        panel.examplePicker()->activated(1);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.first().first().toString(), examples.first());
    }

    void gutterNumbersExcerpts()
    {
        SourceEditor editor;
        editor.setSource(QStringLiteral("a\nb\n"));
        const int narrow = editor.gutterWidth();
        editor.setFirstLineNumber(18450);
        QCOMPARE(editor.firstLineNumber(), 18450);
        QVERIFY(editor.gutterWidth() > narrow);
    }
};

QTEST_MAIN(TestSourceEditor)
#include "tst_sourceeditor.moc"
