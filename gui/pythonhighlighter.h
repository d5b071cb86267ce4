#pragma once
// PythonHighlighter: colours Python source (keywords, builtins, strings and f-strings, comments,
// numbers, decorators, def/class names); multi-line strings carry over between blocks.

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace loopscope {

/// A QSyntaxHighlighter for the Python that scenarios are written in.
class PythonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    /// What a character was coloured as (for tests and for the palette).
    enum class Token { Keyword, Builtin, String, FString, Comment, Number, Decorator, Definition, Self };

    explicit PythonHighlighter(QTextDocument* document);
    /// Re-derives the colours from a palette (light or dark).
    void setDarkPalette(bool dark);
    /// The format used for `token`.
    QTextCharFormat format(Token token) const;

protected:
    void highlightBlock(const QString& text) override;

private:
    void buildFormats();
    /// Colours a string starting at `start` (at its prefix); returns its end, or -1 when it runs
    /// past the block (triple-quoted), setting the block state.
    int highlightString(const QString& text, int start, int quoteStart);

    bool m_dark = false;
    QHash<int, QTextCharFormat> m_formats;
    QRegularExpression m_keywords;
    QRegularExpression m_builtins;
    QRegularExpression m_number;
    QRegularExpression m_decorator;
    QRegularExpression m_definition;
    QRegularExpression m_self;
};

} // namespace loopscope
