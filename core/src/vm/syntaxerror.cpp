#include "vm/syntaxerror.h"

namespace loopscope {

std::string sourceLineAt(std::string_view source, int line)
{
    size_t pos = 0;
    for (int i = 1; i < line; ++i) {
        size_t nl = source.find('\n', pos);
        if (nl == std::string_view::npos)
            return {};
        pos = nl + 1;
    }
    size_t end = source.find('\n', pos);
    std::string_view text = source.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (!text.empty() && text.back() == '\r')
        text.remove_suffix(1);
    return std::string(text);
}

// Mirrors CPython 3.11's print_error_text: leading blanks are stripped and the caret moves with
// them; a caret left of the text is not drawn; the caret run covers [offset, end_offset).
std::string renderSyntaxError(const SyntaxError &error)
{
    std::string out = "  File \"" + error.filename + "\", line " + std::to_string(error.line) + "\n";
    {
        long offset = error.column;
        // A span running onto later lines is underlined to the end of the first one.
        long endOffset = (error.endLine == 0 || error.endLine == error.line) ? error.endColumn
                         : error.endLine > error.line                         ? long(error.sourceLine.size()) + 1
                                                                               : 0;
        long carets = (endOffset > 0 && endOffset > offset) ? endOffset - offset : 1;
        std::string_view text = error.sourceLine;
        offset -= 1;
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\f')) {
            text.remove_prefix(1);
            --offset;
        }
        if (offset > long(text.size()))
            offset = long(text.size());
        out += "    ";
        out += text;
        out += "\n";
        if (error.column > 0 && offset >= 0) {
            out += "    ";
            out += std::string(size_t(offset), ' ');
            out += std::string(size_t(carets), '^');
            out += "\n";
        }
    }
    out += error.type + ": " + error.message + "\n";
    return out;
}

} // namespace loopscope
