// Tokenizer tests: token streams of tricky inputs and CPython 3.11's tokenizer error messages.
#include "vm/lexer.h"

#include <QtTest>

using namespace loopscope;

namespace {

// "NAME(if) OP(:) NEWLINE INDENT ..." - text shown for names, numbers, strings and operators only.
QString tokenString(const std::string &source)
{
    Lexer lexer(source);
    QStringList parts;
    for (const Token &t : lexer.tokenize()) {
        QString kind = QString::fromLatin1(tokenKindName(t.kind));
        bool showText = t.kind == TokenKind::Name || t.kind == TokenKind::Number || t.kind == TokenKind::String ||
                        t.kind == TokenKind::Op;
        parts << (showText ? kind + "(" + QString::fromStdString(t.text) + ")" : kind);
    }
    return parts.join(' ');
}

} // namespace

class TestLexer : public QObject
{
    Q_OBJECT

private slots:
    void tokens_data();
    void tokens();
    void positions();
    void multilineStringPositions();
    void errors_data();
    void errors();
    void errorTokenEndsStream();
    void keywords();
};

void TestLexer::tokens_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    QTest::newRow("indent") << "if x:\n    pass\n"
                            << "NAME(if) NAME(x) OP(:) NEWLINE INDENT NAME(pass) NEWLINE DEDENT ENDMARKER";
    QTest::newRow("blank and comment lines") << "x = 1\n\n   # comment\n\ny = 2  # tail\n"
                                             << "NAME(x) OP(=) NUMBER(1) NEWLINE NAME(y) OP(=) NUMBER(2) NEWLINE ENDMARKER";
    QTest::newRow("double dedent") << "if a:\n  if b:\n    c\nd\n"
                                   << "NAME(if) NAME(a) OP(:) NEWLINE INDENT NAME(if) NAME(b) OP(:) NEWLINE INDENT "
                                      "NAME(c) NEWLINE DEDENT DEDENT NAME(d) NEWLINE ENDMARKER";
    QTest::newRow("dedent at eof") << "def f():\n    return 1"
                                   << "NAME(def) NAME(f) OP(() OP()) OP(:) NEWLINE INDENT NAME(return) NUMBER(1) "
                                      "NEWLINE DEDENT ENDMARKER";
    QTest::newRow("tab indent") << "if x:\n\tpass\n"
                                << "NAME(if) NAME(x) OP(:) NEWLINE INDENT NAME(pass) NEWLINE DEDENT ENDMARKER";
    QTest::newRow("implicit joining") << "x = (1,\n     2)\n"
                                      << "NAME(x) OP(=) OP(() NUMBER(1) OP(,) NUMBER(2) OP()) NEWLINE ENDMARKER";
    QTest::newRow("indentation ignored in brackets") << "f(a,\n  b,\n      c)\nx\n"
                                                     << "NAME(f) OP(() NAME(a) OP(,) NAME(b) OP(,) NAME(c) OP()) NEWLINE "
                                                        "NAME(x) NEWLINE ENDMARKER";
    QTest::newRow("comment in brackets") << "[1,  # one\n 2]\n"
                                         << "OP([) NUMBER(1) OP(,) NUMBER(2) OP(]) NEWLINE ENDMARKER";
    QTest::newRow("backslash continuation") << "x = 1 + \\\n    2\n"
                                            << "NAME(x) OP(=) NUMBER(1) OP(+) NUMBER(2) NEWLINE ENDMARKER";
    QTest::newRow("no trailing newline") << "x" << "NAME(x) NEWLINE ENDMARKER";
    QTest::newRow("crlf") << "x = 1\r\ny = 2\r\n"
                          << "NAME(x) OP(=) NUMBER(1) NEWLINE NAME(y) OP(=) NUMBER(2) NEWLINE ENDMARKER";
    QTest::newRow("operators maximal munch")
        << "a **= b //= c >>= d <<= e -> f := g ... h != i == j ** k // l"
        << "NAME(a) OP(**=) NAME(b) OP(//=) NAME(c) OP(>>=) NAME(d) OP(<<=) NAME(e) OP(->) NAME(f) OP(:=) NAME(g) "
           "OP(...) NAME(h) OP(!=) NAME(i) OP(==) NAME(j) OP(**) NAME(k) OP(//) NAME(l) NEWLINE ENDMARKER";
    QTest::newRow("attribute dots") << "a.b.c" << "NAME(a) OP(.) NAME(b) OP(.) NAME(c) NEWLINE ENDMARKER";
    QTest::newRow("numbers")
        << "0x1F 0o17 0b1010 1_000 1.5 1e-3 1_000.5 .5 5. 2E10 123456789012345678901234567890"
        << "NUMBER(0x1F) NUMBER(0o17) NUMBER(0b1010) NUMBER(1_000) NUMBER(1.5) NUMBER(1e-3) NUMBER(1_000.5) "
           "NUMBER(.5) NUMBER(5.) NUMBER(2E10) NUMBER(123456789012345678901234567890) NEWLINE ENDMARKER";
    QTest::newRow("string prefixes")
        << "r\"\\d\" b'x' f\"{a}\" rb'\\x' Rb\"y\" F'''z''' u\"w\" fr'{b}'"
        << "STRING(r\"\\d\") STRING(b'x') STRING(f\"{a}\") STRING(rb'\\x') STRING(Rb\"y\") STRING(F'''z''') "
           "STRING(u\"w\") STRING(fr'{b}') NEWLINE ENDMARKER";
    QTest::newRow("escaped quotes") << "'it\\'s' \"a\\\"b\""
                                    << "STRING('it\\'s') STRING(\"a\\\"b\") NEWLINE ENDMARKER";
    QTest::newRow("prefix-like names") << "rb = fr + br" << "NAME(rb) OP(=) NAME(fr) OP(+) NAME(br) NEWLINE ENDMARKER";
    QTest::newRow("triple quoted across lines") << "x = \"\"\"a\n\n  b\"\"\"\ny\n"
                                                << "NAME(x) OP(=) STRING(\"\"\"a\n\n  b\"\"\") NEWLINE NAME(y) NEWLINE "
                                                   "ENDMARKER";
    QTest::newRow("f-string is one token") << "f\"{x!r:>{w}} {{lit}} {y=}\""
                                           << "STRING(f\"{x!r:>{w}} {{lit}} {y=}\") NEWLINE ENDMARKER";
    QTest::newRow("soft keywords are names") << "match case _ type"
                                             << "NAME(match) NAME(case) NAME(_) NAME(type) NEWLINE ENDMARKER";
    QTest::newRow("empty source") << "" << "ENDMARKER";
    QTest::newRow("only comments") << "# a\n# b\n" << "ENDMARKER";
}

void TestLexer::tokens()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    QCOMPARE(tokenString(source.toStdString()), expected);
}

void TestLexer::positions()
{
    // Same coordinates as Python's tokenize module (1-based lines, 0-based columns).
    Lexer lexer("def f(x):\n    return x + 10\n");
    std::vector<Token> t = lexer.tokenize();
    QCOMPARE(int(t.size()), 15);
    QCOMPARE(t[1].text, std::string("f"));
    QCOMPARE(t[1].line, 1);
    QCOMPARE(t[1].col, 4);
    QCOMPARE(t[1].endCol, 5);
    QCOMPARE(t[6].kind, TokenKind::Newline);
    QCOMPARE(t[6].col, 9);
    QCOMPARE(t[7].kind, TokenKind::Indent);
    QCOMPARE(t[8].text, std::string("return"));
    QCOMPARE(t[8].line, 2);
    QCOMPARE(t[8].col, 4);
    QCOMPARE(t[11].text, std::string("10"));
    QCOMPARE(t[11].col, 15);
    QCOMPARE(t[11].endCol, 17);
    QCOMPARE(t[14].kind, TokenKind::EndMarker);
    QCOMPARE(t[14].line, 3);
}

void TestLexer::multilineStringPositions()
{
    Lexer lexer("x = '''a\nbc'''\ny\n");
    std::vector<Token> t = lexer.tokenize();
    QCOMPARE(t[2].kind, TokenKind::String);
    QCOMPARE(t[2].line, 1);
    QCOMPARE(t[2].col, 4);
    QCOMPARE(t[2].endLine, 2);
    QCOMPARE(t[2].endCol, 5);
    QCOMPARE(t[4].text, std::string("y"));
    QCOMPARE(t[4].line, 3);
}

void TestLexer::errors_data()
{
    // Messages and 1-based offsets as CPython 3.11 reports them (SyntaxError.msg / lineno / offset).
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("unterminated string") << "x = \"abc\ny=1\n" << "SyntaxError"
                                         << "unterminated string literal (detected at line 1)" << 1 << 5;
    QTest::newRow("unterminated triple") << "x = \"\"\"abc\n\n" << "SyntaxError"
                                         << "unterminated triple-quoted string literal (detected at line 2)" << 1 << 5;
    QTest::newRow("unindent mismatch") << "if x:\n    a\n  bcd = 5\n" << "IndentationError"
                                       << "unindent does not match any outer indentation level" << 3 << 10;
    QTest::newRow("unmatched close") << "x = )\n" << "SyntaxError" << "unmatched ')'" << 1 << 5;
    QTest::newRow("mismatched close") << "x = (\n]\n" << "SyntaxError"
                                      << "closing parenthesis ']' does not match opening parenthesis '(' on line 1"
                                      << 2 << 1;
    QTest::newRow("never closed") << "f(\n" << "SyntaxError" << "'(' was never closed" << 1 << 2;
    QTest::newRow("binary digit") << "x = 0b12\n" << "SyntaxError" << "invalid digit '2' in binary literal" << 1 << 8;
    QTest::newRow("decimal literal") << "x = 1abc\n" << "SyntaxError" << "invalid decimal literal" << 1 << 5;
    QTest::newRow("continuation") << "x = 1\\ y\n" << "SyntaxError"
                                  << "unexpected character after line continuation character" << 1 << 7;
    QTest::newRow("nesting") << QString(201, '(') << "SyntaxError" << "too many nested parentheses" << 1 << 201;
}

void TestLexer::errors()
{
    QFETCH(QString, source);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);
    const std::string src = source.toStdString(); // the lexer views the text, so it must outlive it
    Lexer lexer(src);
    std::vector<Token> tokens = lexer.tokenize();
    QCOMPARE(tokens.back().kind, TokenKind::Error);
    QVERIFY(lexer.error().has_value());
    QCOMPARE(QString::fromStdString(lexer.error()->type), type);
    QCOMPARE(QString::fromStdString(lexer.error()->message), message);
    QCOMPARE(lexer.error()->line, line);
    QCOMPARE(lexer.error()->column, column);
}

void TestLexer::errorTokenEndsStream()
{
    // Tokens before the error survive, so the parser can report an earlier syntax error first.
    Lexer lexer("a = 1\nb = 'open\n");
    std::vector<Token> t = lexer.tokenize();
    QCOMPARE(t.front().text, std::string("a"));
    QCOMPARE(t.back().kind, TokenKind::Error);
    QCOMPARE(t.back().line, 2);
}

void TestLexer::keywords()
{
    QVERIFY(isKeyword("async"));
    QVERIFY(isKeyword("await"));
    QVERIFY(isKeyword("nonlocal"));
    QVERIFY(!isKeyword("match"));
    QVERIFY(!isKeyword("print"));
    QVERIFY(!isKeyword("self"));
}

QTEST_GUILESS_MAIN(TestLexer)
#include "tst_lexer.moc"
