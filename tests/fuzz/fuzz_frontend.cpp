// libFuzzer target: arbitrary bytes as a scenario's source through lexer, parser, symbol table
// and compiler. compileModule must return code or a SyntaxError, never crash, hang or overflow.
#include "vm/compiler.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view source(reinterpret_cast<const char *>(data), size);
    const loopscope::CompileResult result = loopscope::compileModule(source, "<fuzz>");
    // Exactly one of code and error is set (compiler.h's contract).
    if (bool(result.code) == result.error.has_value())
        std::abort();
    if (result.error) {
        // The rendering walks the caret to the column: it must cope with any line/column.
        const std::string text = loopscope::renderSyntaxError(*result.error);
        if (text.empty() || text.back() != '\n')
            std::abort();
    }
    return 0;
}
