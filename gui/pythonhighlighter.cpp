#include "pythonhighlighter.h"

namespace loopscope {

namespace {
// Block states: which triple quote is still open at the end of a block (and whether it is an f-string).
enum BlockState { Normal = 0, InTripleDouble = 1, InTripleSingle = 2, FStringFlag = 4 };
} // namespace

PythonHighlighter::PythonHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document)
    , m_keywords(QStringLiteral("\\b(and|as|assert|async|await|break|class|continue|def|del|elif|else|except|"
                                "finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|"
                                "return|try|while|with|yield|None|True|False)\\b"))
    , m_builtins(QStringLiteral("\\b(print|len|range|id|int|str|float|list|dict|set|tuple|isinstance|super|"
                                "enumerate|zip|min|max|sum|sorted|reversed|any|all|abs|repr|type|object|"
                                "Exception|ValueError|KeyError|RuntimeError|StopIteration|classmethod|"
                                "staticmethod|property)\\b"))
    , m_number(QStringLiteral("\\b(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)"
                              "([eE][+-]?\\d+)?j?)\\b"))
    , m_decorator(QStringLiteral("^\\s*@[\\w.]+"))
    , m_definition(QStringLiteral("\\b(?:def|class)\\s+(\\w+)"))
    , m_self(QStringLiteral("\\b(self|cls)\\b"))
{
    buildFormats();
}

void PythonHighlighter::setDarkPalette(bool dark)
{
    if (m_dark == dark)
        return;
    m_dark = dark;
    buildFormats();
    rehighlight();
}

QTextCharFormat PythonHighlighter::format(Token token) const
{
    return m_formats.value(int(token));
}

void PythonHighlighter::buildFormats()
{
    const auto make = [](QColor color, bool bold = false, bool italic = false) {
        QTextCharFormat f;
        f.setForeground(color);
        if (bold)
            f.setFontWeight(QFont::Bold);
        f.setFontItalic(italic);
        return f;
    };
    m_formats[int(Token::Keyword)] = make(m_dark ? QColor(0xcc, 0x99, 0xff) : QColor(0x80, 0x20, 0xa0), true);
    m_formats[int(Token::Builtin)] = make(m_dark ? QColor(0x66, 0xd9, 0xef) : QColor(0x00, 0x60, 0x90));
    m_formats[int(Token::String)] = make(m_dark ? QColor(0xa6, 0xe2, 0x2e) : QColor(0x22, 0x80, 0x22));
    m_formats[int(Token::FString)] = make(m_dark ? QColor(0xe6, 0xdb, 0x74) : QColor(0x8a, 0x6a, 0x00));
    m_formats[int(Token::Comment)] = make(m_dark ? QColor(0x90, 0x90, 0x90) : QColor(0x70, 0x70, 0x70), false, true);
    m_formats[int(Token::Number)] = make(m_dark ? QColor(0xfd, 0x97, 0x1f) : QColor(0xb0, 0x50, 0x00));
    m_formats[int(Token::Decorator)] = make(m_dark ? QColor(0xff, 0x79, 0xc6) : QColor(0xaa, 0x22, 0x77));
    m_formats[int(Token::Definition)] = make(m_dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x10, 0x40, 0xc0), true);
    m_formats[int(Token::Self)] = make(m_dark ? QColor(0xf0, 0x80, 0x80) : QColor(0x90, 0x30, 0x30), false, true);
}

int PythonHighlighter::highlightString(const QString& text, int start, int quoteStart)
{
    const bool fstring = text.mid(start, quoteStart - start).contains(QLatin1Char('f'), Qt::CaseInsensitive);
    const QTextCharFormat fmt = format(fstring ? Token::FString : Token::String);
    const QChar quote = text[quoteStart];
    const bool triple = text.mid(quoteStart, 3) == QString(3, quote);
    const QString closing = triple ? QString(3, quote) : QString(quote);
    int i = quoteStart + closing.size();
    while (i < text.size()) {
        if (text[i] == QLatin1Char('\\')) {
            i += 2;
            continue;
        }
        if (text.mid(i, closing.size()) == closing) {
            const int end = i + int(closing.size());
            setFormat(start, end - start, fmt);
            return end;
        }
        ++i;
    }
    setFormat(start, text.size() - start, fmt);
    if (triple)
        setCurrentBlockState((quote == QLatin1Char('"') ? InTripleDouble : InTripleSingle) | (fstring ? FStringFlag : 0));
    return -1;
}

void PythonHighlighter::highlightBlock(const QString& text)
{
    setCurrentBlockState(Normal);
    const auto applyAll = [&](const QRegularExpression& re, Token token, int group = 0) {
        auto it = re.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(int(m.capturedStart(group)), int(m.capturedLength(group)), format(token));
        }
    };
    applyAll(m_keywords, Token::Keyword);
    applyAll(m_builtins, Token::Builtin);
    applyAll(m_self, Token::Self);
    applyAll(m_number, Token::Number);
    applyAll(m_decorator, Token::Decorator);
    applyAll(m_definition, Token::Definition, 1);

    // Strings and comments last: they override anything matched inside them.
    int i = 0;
    const int previous = previousBlockState() < 0 ? Normal : previousBlockState();
    if (previous & (InTripleDouble | InTripleSingle)) {
        const QString closing(3, (previous & InTripleDouble) ? QLatin1Char('"') : QLatin1Char('\''));
        const QTextCharFormat fmt = format((previous & FStringFlag) ? Token::FString : Token::String);
        const int end = int(text.indexOf(closing));
        if (end < 0) {
            setFormat(0, text.size(), fmt);
            setCurrentBlockState(previous);
            return;
        }
        setFormat(0, end + 3, fmt);
        i = end + 3;
    }
    while (i < text.size()) {
        const QChar c = text[i];
        if (c == QLatin1Char('#')) {
            setFormat(i, text.size() - i, format(Token::Comment));
            return;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            // Look back for a prefix such as f, rb, F.
            int start = i;
            while (start > 0 && QStringLiteral("rRbBuUfF").contains(text[start - 1]) && i - start < 2)
                --start;
            if (start > 0 && (text[start - 1].isLetterOrNumber() || text[start - 1] == QLatin1Char('_')))
                start = i;
            const int end = highlightString(text, start, i);
            if (end < 0)
                return;
            i = end;
            continue;
        }
        ++i;
    }
}

} // namespace loopscope
