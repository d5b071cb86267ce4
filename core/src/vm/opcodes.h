#pragma once

#include <cstdint>

// The bytecode of Loopscope's VM: a CPython 3.11-style stack machine, designed for a `switch` or
// computed-goto loop over heap frames (a suspended coroutine keeps its value stack in its frame).
//
// Encoding: an Instruction is {Opcode op; uint32_t arg} (code.h), one per array slot; there is no
// EXTENDED_ARG and no inline cache. Jump operands are ABSOLUTE instruction indices (not byte
// offsets, not relative). `pc` below is the index of the current instruction.
//
// Stack notation: (before -- after), rightmost is the top of stack (TOS). NULL is a distinguished
// "no object" stack value (PUSH_NULL, LOAD_METHOD) that is never visible to Python code.
//
// Frame layout (see CodeObject): fast locals indexed by `varnames`; a cell array indexed by
// "cell index" = cellvars[0..nc) followed by freevars[0..nf). At frame entry the VM creates one empty
// cell per cellvar (initialised from argument cell2arg[i] when that is >= 0) and copies the
// function's closure tuple into the freevar slots.
//
// Exceptions: there is no runtime block stack. When an instruction at index i raises, the VM looks
// i up in CodeObject::exceptionTable (entries never overlap). No entry: the frame is popped and the
// exception propagates to the caller. Entry {start,end,handler,depth,lasti}: pop the value stack
// down to `depth` items, push i as an int if `lasti` is set, push the exception object, and jump to
// `handler`. The handler code below is generated so that these rules are all the VM needs.
//
// Generators: a code object flagged GENERATOR, COROUTINE or ASYNC_GENERATOR is not run when called;
// the call returns a generator/coroutine/async generator object owning the new frame. Its first
// resumption pushes nothing; every later resumption (send(v)) pushes v as the result of the
// YIELD_VALUE that suspended it. A StopIteration escaping a generator frame becomes RuntimeError
// (PEP 479), StopAsyncIteration escaping an async generator likewise; that is the runtime's job.
//
// X(NAME, HAS_JUMP): HAS_JUMP is true when `arg` is a jump target (used by the disassembler and the
// stack-depth checker).
#define LOOPSCOPE_OPCODES(X) \
    /* () -- () : does nothing. */ \
    X(NOP, false) \
    /* (v -- ) : discards TOS. */ \
    X(POP_TOP, false) \
    /* ( -- NULL) : pushes NULL, the "no self" marker in front of a callable for CALL. */ \
    X(PUSH_NULL, false) \
    /* arg=i>=1. (... v[i] ... v[1] -- ... v[i] ... v[1] v[i]) : pushes a new reference to the i-th item, 1 = TOS. */ \
    X(COPY, false) \
    /* arg=i>=2. Swaps TOS with the i-th item (1 = TOS). Stack size unchanged. */ \
    X(SWAP, false) \
    /* arg=consti. ( -- consts[consti]) : pushes the runtime object of that constant. */ \
    X(LOAD_CONST, false) \
    /* arg=var. ( -- locals[var]) : UnboundLocalError "cannot access local variable 'x' where it is not associated with a value" if unset. */ \
    X(LOAD_FAST, false) \
    /* arg=var. (v -- ) : locals[var] = v. */ \
    X(STORE_FAST, false) \
    /* arg=var. ( -- ) : unsets locals[var]; UnboundLocalError if already unset. */ \
    X(DELETE_FAST, false) \
    /* arg=cell index. ( -- cells[i].contents) : NameError "cannot access free variable 'x' where it is not associated with a value in enclosing scope" (freevar) or UnboundLocalError (cellvar) if empty. */ \
    X(LOAD_DEREF, false) \
    /* arg=cell index. (v -- ) : cells[i].contents = v. */ \
    X(STORE_DEREF, false) \
    /* arg=cell index. ( -- ) : empties the cell; error as LOAD_DEREF if already empty. */ \
    X(DELETE_DEREF, false) \
    /* arg=cell index. ( -- cell) : pushes the cell object itself (to build a closure tuple). */ \
    X(LOAD_CLOSURE, false) \
    /* arg=cell index. ( -- v) : class bodies only: looks the freevar's name up in the class namespace (frame locals mapping) first, then reads the cell. */ \
    X(LOAD_CLASSDEREF, false) \
    /* arg=namei. ( -- v) : globals[names[namei]], else builtins; NameError "name 'x' is not defined". */ \
    X(LOAD_GLOBAL, false) \
    /* arg=namei. (v -- ) : globals[names[namei]] = v. */ \
    X(STORE_GLOBAL, false) \
    /* arg=namei. ( -- ) : del globals[names[namei]]; NameError if missing. */ \
    X(DELETE_GLOBAL, false) \
    /* arg=namei. ( -- v) : module and class bodies: the frame's locals mapping, then globals, then builtins; NameError. */ \
    X(LOAD_NAME, false) \
    /* arg=namei. (v -- ) : frame locals mapping[names[namei]] = v. */ \
    X(STORE_NAME, false) \
    /* arg=namei. ( -- ) : del locals mapping[names[namei]]; NameError if missing. */ \
    X(DELETE_NAME, false) \
    /* arg=namei. (obj -- obj.attr) : getattr(obj, names[namei]). */ \
    X(LOAD_ATTR, false) \
    /* arg=namei. (v obj -- ) : obj.attr = v (note: value below the object, as in CPython). */ \
    X(STORE_ATTR, false) \
    /* arg=namei. (obj -- ) : del obj.attr. */ \
    X(DELETE_ATTR, false) \
    /* arg=namei. (obj -- meth obj) if names[namei] resolves to a plain function found on the type (an unbound method, so CALL passes obj as self), else (obj -- NULL attr). Either way the pair is what CALL expects below the arguments. */ \
    X(LOAD_METHOD, false) \
    /* (container key -- container[key]). */ \
    X(BINARY_SUBSCR, false) \
    /* (v container key -- ) : container[key] = v. */ \
    X(STORE_SUBSCR, false) \
    /* (container key -- ) : del container[key]. */ \
    X(DELETE_SUBSCR, false) \
    /* arg=2 or 3. (start stop -- slice) or (start stop step -- slice). */ \
    X(BUILD_SLICE, false) \
    /* arg=BinaryOperator (below). (a b -- a op b) : arg < 13 is the plain operator (__op__ / __rop__), arg >= 13 the in-place form (__iop__ first, then fall back to the plain one). */ \
    X(BINARY_OP, false) \
    /* (v -- +v). */ \
    X(UNARY_POSITIVE, false) \
    /* (v -- -v). */ \
    X(UNARY_NEGATIVE, false) \
    /* (v -- not v) : always a bool. */ \
    X(UNARY_NOT, false) \
    /* (v -- ~v). */ \
    X(UNARY_INVERT, false) \
    /* arg=CompareOperator (0 <, 1 <=, 2 ==, 3 !=, 4 >, 5 >=; CPython's Py_LT.. order). (a b -- a op b) : rich comparison with reflection. */ \
    X(COMPARE_OP, false) \
    /* arg=invert (0 `is`, 1 `is not`). (a b -- bool). */ \
    X(IS_OP, false) \
    /* arg=invert (0 `in`, 1 `not in`). (a b -- bool) : b.__contains__(a), falling back to iteration. */ \
    X(CONTAINS_OP, false) \
    /* arg=target. () -- () : pc = target. A backward jump is a good place for the VM to poll for interruption. */ \
    X(JUMP, true) \
    /* arg=target. (v -- ) : jumps if not truthy(v). */ \
    X(POP_JUMP_IF_FALSE, true) \
    /* arg=target. (v -- ) : jumps if truthy(v). */ \
    X(POP_JUMP_IF_TRUE, true) \
    /* arg=target. (v -- ) : jumps if v is None. */ \
    X(POP_JUMP_IF_NONE, true) \
    /* arg=target. (v -- ) : jumps if v is not None. */ \
    X(POP_JUMP_IF_NOT_NONE, true) \
    /* arg=target. (v -- v) and jump if not truthy(v); otherwise (v -- ) and fall through. */ \
    X(JUMP_IF_FALSE_OR_POP, true) \
    /* arg=target. (v -- v) and jump if truthy(v); otherwise (v -- ) and fall through. */ \
    X(JUMP_IF_TRUE_OR_POP, true) \
    /* (v -- iter(v)). */ \
    X(GET_ITER, false) \
    /* arg=target. (it -- it next(it)) ; when `it` is exhausted (StopIteration) pops `it` and jumps to target: (it -- ). Other exceptions propagate. */ \
    X(FOR_ITER, true) \
    /* arg=n. (v1 .. vn -- tuple). */ \
    X(BUILD_TUPLE, false) \
    /* arg=n. (v1 .. vn -- list). */ \
    X(BUILD_LIST, false) \
    /* arg=n. (v1 .. vn -- set). */ \
    X(BUILD_SET, false) \
    /* arg=n pairs. (k1 v1 .. kn vn -- dict) : inserted in order, later keys win. */ \
    X(BUILD_MAP, false) \
    /* arg=n. (s1 .. sn -- s1+..+sn) : concatenates n str objects (f-strings). */ \
    X(BUILD_STRING, false) \
    /* arg=i. (list ... v -- list ...) : pops v, then appends it to the list that is now the i-th item (1 = TOS). Comprehensions. */ \
    X(LIST_APPEND, false) \
    /* arg=i. (set ... v -- set ...) : like LIST_APPEND for sets. */ \
    X(SET_ADD, false) \
    /* arg=i. (dict ... k v -- dict ...) : pops v then k, then dict[k] = v where dict is now the i-th item. */ \
    X(MAP_ADD, false) \
    /* arg=i. (list ... it -- list ...) : list.extend(it), list is the i-th item after the pop. Starred displays. */ \
    X(LIST_EXTEND, false) \
    /* arg=i. (set ... it -- set ...) : set.update(it). */ \
    X(SET_UPDATE, false) \
    /* arg=i. (dict ... m -- dict ...) : dict.update(m) for `{**m}`; TypeError "'X' object is not a mapping". */ \
    X(DICT_UPDATE, false) \
    /* arg=i. (dict ... m -- dict ...) : like DICT_UPDATE but for call keywords: TypeError "f() got multiple values for keyword argument 'k'" on a duplicate, "argument after ** must be a mapping". Stack below the dict: (callable-or-NULL, self-or-callable, args tuple) so the message can name the function. */ \
    X(DICT_MERGE, false) \
    /* (list -- tuple). */ \
    X(LIST_TO_TUPLE, false) \
    /* arg=n. (seq -- vn .. v1) : unpacks exactly n items so that v1 ends on top; ValueError "too many values to unpack (expected n)" / "not enough values to unpack (expected n, got m)". */ \
    X(UNPACK_SEQUENCE, false) \
    /* arg=before | (after << 8). (seq -- v_last .. list .. v1) : `a, *b, c = seq`: pushes after items, a list of the middle, then before items, so the first target is on top. */ \
    X(UNPACK_EX, false) \
    /* arg=consti of a tuple of str. () -- () : records the keyword names for the next CALL (its last len(kwnames) arguments are keyword values). */ \
    X(KW_NAMES, false) \
    /* arg=argc. (A B arg1 .. argc -- result) : if A is NULL, calls B(arg1..argc); otherwise calls A(B, arg1..argc) (bound-method pair from LOAD_METHOD, or a plain callable A with B as its first argument - used by `with` exit calls). If KW_NAMES preceded, the last len(kwnames) args are keyword arguments; kwnames is then cleared. */ \
    X(CALL, false) \
    /* arg=flags (1 = has kwargs). (NULL callable args_tuple [kwargs_dict] -- result) : callable(*args, **kwargs); args is always a tuple here (the compiler emits LIST_TO_TUPLE / BUILD_TUPLE). */ \
    X(CALL_FUNCTION_EX, false) \
    /* arg=flags: 0x01 defaults tuple, 0x02 kw-defaults dict, 0x04 annotations dict, 0x08 closure tuple (of cells, in freevars order). ([defaults] [kwdefaults] [annotations] [closure] code -- function) : the function's __name__/__qualname__ come from the code object, its globals from the current frame. */ \
    X(MAKE_FUNCTION, false) \
    /* ( -- __build_class__) : pushes the builtin that runs a class body: __build_class__(body_function, name, *bases, **keywords). It calls body_function with a fresh namespace as its locals mapping (LOAD_NAME/STORE_NAME target it), creates the class, and if the body returned a cell (the __classcell__), sets it to the new class. */ \
    X(LOAD_BUILD_CLASS, false) \
    /* (v -- ) : returns v from the frame (for a generator: finishes it with StopIteration(v) semantics). */ \
    X(RETURN_VALUE, false) \
    /* arg=delegating (0: a `yield` expression; 1: the yield inside an await / yield-from SEND loop). (v -- ) : suspends the frame and hands v to whoever resumed it; on resumption (v -- sent). In an async generator a delegating yield goes to the event loop, a plain one produces the next item. When arg=1 the instruction before it is always the SEND of the loop and the delegate (receiver) is TOS after the pop: generator.throw()/close() must first be forwarded to that receiver; if the receiver then finishes with value r, the VM pops the receiver, pushes r and continues at SEND's target. */ \
    X(YIELD_VALUE, false) \
    /* (v -- iter) : `yield from v`: v itself if it is a generator, else iter(v); a coroutine object is refused with TypeError "cannot 'yield from' a coroutine object in a non-coroutine generator". */ \
    X(GET_YIELD_FROM_ITER, false) \
    /* arg=where (0 plain await, 1 after __aenter__, 2 after __aexit__; for the TypeError text). (v -- awaitable) : v if it is a coroutine (RuntimeError "coroutine is being awaited already" if it is), else v.__await__() which must return an iterator; TypeError "object X can't be used in 'await' expression" / "'async with' received an object from __aenter__ that does not implement __await__: X". */ \
    X(GET_AWAITABLE, false) \
    /* arg=target. (receiver v -- receiver r) if the receiver yields r (falls through to YIELD_VALUE 1), or (receiver v -- result) and jump to target when the receiver finishes with `result` (StopIteration.value). Sending None calls next()/send(None); other exceptions propagate. */ \
    X(SEND, true) \
    /* (obj -- aiter) : obj.__aiter__(); TypeError "'async for' requires an object with __aiter__ method, got X". */ \
    X(GET_AITER, false) \
    /* (aiter -- aiter awaitable) : awaitable = aiter.__anext__() (then GET_AWAITABLE-like validation); TypeError "'async for' received an invalid object from __anext__: X". */ \
    X(GET_ANEXT, false) \
    /* (aiter exc -- ) : handler end of `async for`: if exc is a StopAsyncIteration, pops both and continues; otherwise re-raises exc (the stack is then unwound by the exception table as usual). */ \
    X(END_ASYNC_FOR, false) \
    /* (mgr -- exit enter_result) : exit = bound mgr.__exit__ (looked up on the type first, TypeError "'X' object does not support the context manager protocol"), enter_result = mgr.__enter__(). */ \
    X(BEFORE_WITH, false) \
    /* (mgr -- aexit awaitable) : like BEFORE_WITH with __aexit__ / __aenter__(); the awaitable is then passed through GET_AWAITABLE 1. */ \
    X(BEFORE_ASYNC_WITH, false) \
    /* (exit lasti prev_exc val -- exit lasti prev_exc val res) : res = exit(type(val), val, val.__traceback__). */ \
    X(WITH_EXCEPT_START, false) \
    /* (exc -- prev_exc exc) : prev_exc = the currently handled exception (sys.exception(), None if none); then the handled exception becomes exc. */ \
    X(PUSH_EXC_INFO, false) \
    /* (prev_exc -- ) : restores the handled exception to prev_exc. */ \
    X(POP_EXCEPT, false) \
    /* (exc type -- exc bool) : isinstance-style match of exc against a class or tuple of classes; TypeError "catching classes that do not inherit from BaseException is not allowed". */ \
    X(CHECK_EXC_MATCH, false) \
    /* (exc type -- rest match) : `except* type`: splits the exception (group) by type. No match: rest = exc, match = None. A full or partial match: match is an ExceptionGroup of the matching leaves (a naked exception that matches is wrapped in one), rest the remainder or None; the handled exception (sys.exception()) becomes match. TypeError "catching ExceptionGroup with except* is not allowed. Use except instead." for ExceptionGroup types. */ \
    X(CHECK_EG_MATCH, false) \
    /* (orig raised_list -- exc_or_None) : end of an except* chain: from the original exception and the list of what the clauses raised or re-raised (plus the unhandled rest), computes what propagates (CPython's _PyExc_PrepReraiseStar): None when everything was handled. */ \
    X(PREP_RERAISE_STAR, false) \
    /* arg=n. (... exc -- ) : re-raises exc without adding a traceback entry; if n > 0, the item n+1 from the top (before the pop) is an int lasti and the frame's current instruction becomes lasti (so the traceback shows the original line). */ \
    X(RERAISE, false) \
    /* arg=0: re-raise the handled exception (RuntimeError "No active exception to reraise"); 1: (exc -- ) raise exc; 2: (exc cause -- ) raise exc from cause. A class is instantiated with no arguments. */ \
    X(RAISE_VARARGS, false) \
    /* ( -- AssertionError) : pushes the builtin AssertionError class (unaffected by a shadowing global). */ \
    X(LOAD_ASSERTION_ERROR, false) \
    /* arg=namei (dotted module name). (level fromlist -- module) : __import__(name, globals, None, fromlist, level). With fromlist None the top-level package is pushed. */ \
    X(IMPORT_NAME, false) \
    /* arg=namei. (module -- module attr) : getattr(module, name) falling back to sys.modules["mod.name"]; ImportError "cannot import name 'x' from 'mod'". */ \
    X(IMPORT_FROM, false) \
    /* (module -- ) : copies the module's public names into the locals mapping (module level only). */ \
    X(IMPORT_STAR, false) \
    /* arg=flags: (flags & 3) conversion 0 none, 1 str(), 2 repr(), 3 ascii(); 0x04 a format spec is on the stack. (v [spec] -- str) : format(converted_v, spec or ""). */ \
    X(FORMAT_VALUE, false) \
    /* (obj -- obj len(obj)) : match statements' length checks. */ \
    X(GET_LEN, false) \
    /* (subject -- subject bool) : whether a mapping pattern may match: dict, a dict subclass or a type flagged as a mapping. */ \
    X(MATCH_MAPPING, false) \
    /* (subject -- subject bool) : whether a sequence pattern may match: list, tuple, range, deque and their subclasses (never str, bytes or bytearray). */ \
    X(MATCH_SEQUENCE, false) \
    /* (subject keys -- subject keys values_or_None) : a tuple of subject.get(key) for each key, None when any key is missing; ValueError "mapping pattern checks duplicate key (k)". */ \
    X(MATCH_KEYS, false) \
    /* arg=count of positional sub-patterns. (subject cls names -- attrs_or_None) : isinstance(subject, cls), then the attributes named by cls.__match_args__[:count] and the `names` tuple; None when any check fails. TypeError "called match pattern must be a type", "C() accepts n positional sub-patterns (m given)", "C() got multiple sub-patterns for attribute 'a'". */ \
    X(MATCH_CLASS, false)

namespace loopscope {

/// The VM's instruction set; see the table above for each opcode's contract.
enum class Opcode : uint8_t {
#define LOOPSCOPE_OPCODE_ENUM(name, jump) name,
    LOOPSCOPE_OPCODES(LOOPSCOPE_OPCODE_ENUM)
#undef LOOPSCOPE_OPCODE_ENUM
};

/// BINARY_OP's operand: CPython 3.11's NB_* numbering (in-place forms are the plain value + 13).
enum class BinaryOperator : uint32_t {
    Add, And, FloorDivide, LShift, MatrixMultiply, Multiply, Remainder, Or, Power, RShift, Subtract, TrueDivide, Xor,
    InplaceAdd, InplaceAnd, InplaceFloorDivide, InplaceLShift, InplaceMatrixMultiply, InplaceMultiply,
    InplaceRemainder, InplaceOr, InplacePower, InplaceRShift, InplaceSubtract, InplaceTrueDivide, InplaceXor,
};

/// COMPARE_OP's operand (CPython's Py_LT .. Py_GE).
enum class CompareOperator : uint32_t { Lt, Le, Eq, Ne, Gt, Ge };

/// MAKE_FUNCTION flag bits.
enum MakeFunctionFlag : uint32_t { MakeFunctionDefaults = 0x01, MakeFunctionKwDefaults = 0x02, MakeFunctionAnnotations = 0x04, MakeFunctionClosure = 0x08 };

/// FORMAT_VALUE flag bits.
enum FormatValueFlag : uint32_t { FormatConversionMask = 0x03, FormatHasSpec = 0x04 };

/// The opcode's name as written in the table ("LOAD_FAST").
const char *opcodeName(Opcode op);

/// True when the opcode's operand is an absolute jump target.
bool opcodeHasJump(Opcode op);

/// Number of opcodes in the table.
constexpr int kOpcodeCount = 0
#define LOOPSCOPE_OPCODE_COUNT(name, jump) +1
    LOOPSCOPE_OPCODES(LOOPSCOPE_OPCODE_COUNT)
#undef LOOPSCOPE_OPCODE_COUNT
    ;

/// Net stack effect of one instruction; `jump` selects the branch-taken effect for jumping opcodes.
int stackEffect(Opcode op, uint32_t arg, bool jump);

/// Spelling of a BINARY_OP operand ("+", "+=").
const char *binaryOperatorSymbol(uint32_t op);

/// Spelling of a COMPARE_OP operand ("<").
const char *compareOperatorSymbol(uint32_t op);

} // namespace loopscope
