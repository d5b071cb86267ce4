// The heapq module with heapq's own sift algorithms and only `<` comparisons, so a list ends in
// exactly CPython's layout (the asyncio timer heap relies on the same order).

#include "stdlib/stdlibutil.h"

#include <loopscope/stdlib/modules.h>

#include <memory>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

Object* heapList(std::string_view function, Object* heap)
{
    if (!isList(heap))
        raise(types().TypeError, std::string(function) + "() argument 1 must be list, not " + typeName(heap));
    return heap;
}

bool less(Object* a, Object* b)
{
    return richCompareBool(a, b, CompareOp::Lt);
}

/// Comparisons may run Python code that resizes the list; CPython refuses to go on then.
bool lessChecked(Object* heap, size_t size, Object* a, Object* b)
{
    Ref<Object> keepA(a);
    Ref<Object> keepB(b);
    const bool result = less(a, b);
    if (listItems(heap).size() != size) raise(types().RuntimeError, "list changed size during iteration");
    return result;
}

/// heapq._siftdown: moves the item at `pos` up towards `start` while it is smaller than its parent.
void siftDown(Object* heap, size_t start, size_t pos)
{
    auto& items = listItems(heap);
    const size_t size = items.size();
    while (pos > start) {
        const size_t parent = (pos - 1) >> 1;
        if (!lessChecked(heap, size, items[pos].get(), items[parent].get())) break;
        std::swap(items[pos], items[parent]);
        pos = parent;
    }
}

/// heapq._siftup: bubbles the smaller child up until a leaf, then sifts the item down into place.
void siftUp(Object* heap, size_t pos)
{
    auto& items = listItems(heap);
    const size_t end = items.size();
    const size_t start = pos;
    size_t child = 2 * pos + 1;
    while (child < end) {
        const size_t right = child + 1;
        if (right < end && !lessChecked(heap, end, items[child].get(), items[right].get())) child = right;
        std::swap(items[pos], items[child]);
        pos = child;
        child = 2 * pos + 1;
    }
    siftDown(heap, start, pos);
}

Ref<Object> heapq_heappush(Object*, CallArgs args)
{
    noKeywords("heappush", args);
    if (args.nargs != 2) raise(types().TypeError, "heappush expected 2 arguments, got " + std::to_string(args.nargs));
    Object* heap = heapList("heappush", args[0]);
    listItems(heap).push_back(newRef(args[1]));
    siftDown(heap, 0, listItems(heap).size() - 1);
    return newRef(None());
}

Ref<Object> heapq_heappop(Object*, CallArgs args)
{
    noKeywords("heappop", args);
    if (args.nargs != 1)
        raise(types().TypeError, "heappop() takes exactly one argument (" + std::to_string(args.nargs) + " given)");
    Object* heap = heapList("heappop", args[0]);
    auto& items = listItems(heap);
    if (items.empty()) raise(types().IndexError, "index out of range");
    Ref<Object> last = std::move(items.back());
    items.pop_back();
    if (items.empty()) return last;
    Ref<Object> top = std::exchange(items[0], std::move(last));
    siftUp(heap, 0);
    return top;
}

Ref<Object> heapq_heapreplace(Object*, CallArgs args)
{
    noKeywords("heapreplace", args);
    if (args.nargs != 2)
        raise(types().TypeError, "heapreplace expected 2 arguments, got " + std::to_string(args.nargs));
    Object* heap = heapList("heapreplace", args[0]);
    auto& items = listItems(heap);
    if (items.empty()) raise(types().IndexError, "index out of range");
    Ref<Object> top = std::exchange(items[0], newRef(args[1]));
    siftUp(heap, 0);
    return top;
}

Ref<Object> heapq_heappushpop(Object*, CallArgs args)
{
    noKeywords("heappushpop", args);
    if (args.nargs != 2)
        raise(types().TypeError, "heappushpop expected 2 arguments, got " + std::to_string(args.nargs));
    Object* heap = heapList("heappushpop", args[0]);
    auto& items = listItems(heap);
    if (items.empty()) return newRef(args[1]);
    Ref<Object> top = items[0];
    if (!less(top.get(), args[1])) return newRef(args[1]);
    if (items.empty()) raise(types().IndexError, "index out of range");
    top = std::exchange(items[0], newRef(args[1]));
    siftUp(heap, 0);
    return top;
}

Ref<Object> heapq_heapify(Object*, CallArgs args)
{
    noKeywords("heapify", args);
    if (args.nargs != 1)
        raise(types().TypeError, "heapify() takes exactly one argument (" + std::to_string(args.nargs) + " given)");
    Object* heap = heapList("heapify", args[0]);
    for (size_t i = listItems(heap).size() / 2; i-- > 0;) siftUp(heap, i);
    return newRef(None());
}

/// nsmallest/nlargest: heapq documents them as equivalent to sorted(iterable, key=key)[:n]
/// (reverse=True for nlargest); list.sort is stable, which gives heapq's tie order too.
Ref<Object> selectN(std::string_view function, CallArgs args, bool largest)
{
    Object* a[3] = {};
    parseArgs(function, args, {"n", "iterable", "key="}, a);
    const int64_t n = toInt64(a[0]);
    Ref<Object> list = newList(toVector(a[1]));
    if (n <= 0) return newList();
    Ref<Object> sortMethod = getAttr(list.get(), "sort");
    const std::string names[] = {"key", "reverse"};
    Object* values[] = {a[2] ? a[2] : None(), boolObject(largest)};
    callWith(sortMethod.get(), {}, names, values);
    auto& items = listItems(list.get());
    if (static_cast<size_t>(n) < items.size()) items.resize(static_cast<size_t>(n));
    return list;
}

Ref<Object> heapq_nsmallest(Object*, CallArgs args)
{
    return selectN("nsmallest", args, false);
}

Ref<Object> heapq_nlargest(Object*, CallArgs args)
{
    return selectN("nlargest", args, true);
}

TypeObject* mergeType()
{
    static TypeObject* type = newIteratorType("merge", "heapq", nullptr);
    return type;
}

/// heapq.merge: lazily yields the smallest head (the largest with reverse=True); among equal
/// heads the earlier iterable wins, as heapq's [value, order] entries decide.
Ref<Object> heapq_merge(Object*, CallArgs args)
{
    Object* key = nullptr;
    bool reverse = false;
    const auto names = keywordNames(args);
    for (size_t i = 0; i < names.size(); ++i) {
        Object* v = args[args.nargs + i];
        if (names[i] == "key") key = v == None() ? nullptr : v;
        else if (names[i] == "reverse") reverse = isTrue(v);
        else raise(types().TypeError, "merge() got an unexpected keyword argument '" + std::string(names[i]) + "'");
    }
    struct Source {
        Ref<Object> iterator;
        Ref<Object> value;
        Ref<Object> key;
    };
    auto sources = std::make_shared<std::vector<Source>>();
    for (size_t i = 0; i < args.nargs; ++i) sources->push_back({getIter(args[i]), {}, {}});
    auto started = std::make_shared<bool>(false);
    Ref<Object> keyFn = key ? newRef(key) : Ref<Object>();
    auto advance = [keyFn](Source& s) {
        s.value = iterNext(s.iterator.get());
        if (s.value && keyFn) s.key = call(keyFn.get(), {s.value.get()});
    };
    return newClosureIterator(mergeType(), [sources, started, advance, reverse]() -> Ref<Object> {
        if (!*started) {
            *started = true;
            for (Source& s : *sources) advance(s);
        }
        Source* best = nullptr;
        for (Source& s : *sources) {
            if (!s.value) continue;
            if (!best) {
                best = &s;
                continue;
            }
            Object* candidate = s.key ? s.key.get() : s.value.get();
            Object* current = best->key ? best->key.get() : best->value.get();
            if (reverse ? less(current, candidate) : less(candidate, current)) best = &s;
        }
        if (!best) return {};
        Ref<Object> out = best->value;
        advance(*best);
        return out;
    });
}

} // namespace

Ref<Object> makeHeapqModule(ModuleContext&)
{
    Ref<Object> m = newModule("heapq");
    const std::pair<const char*, NativeFn> functions[] = {
            {"heappush", heapq_heappush},     {"heappop", heapq_heappop},     {"heapreplace", heapq_heapreplace},
            {"heappushpop", heapq_heappushpop}, {"heapify", heapq_heapify},   {"nsmallest", heapq_nsmallest},
            {"nlargest", heapq_nlargest},     {"merge", heapq_merge},
    };
    for (const auto& [name, fn] : functions) addFunction(m.get(), name, fn);
    return m;
}

} // namespace loopscope
