// ObserverSet: attach/detach and the detach-on-throw rule.
#include <loopscope/asyncio/observer.h>

#include <algorithm>

namespace loopscope {

void ObserverSet::attach(Observer* observer)
{
    if (observer && std::find(m_observers.begin(), m_observers.end(), observer) == m_observers.end())
        m_observers.push_back(observer);
}

void ObserverSet::detach(Observer* observer)
{
    auto it = std::find(m_observers.begin(), m_observers.end(), observer);
    if (it == m_observers.end()) return;
    if (m_depth > 0) {
        *it = nullptr; // compacted when the outermost dispatch ends
        m_dirty = true;
    } else {
        m_observers.erase(it);
    }
}

void ObserverSet::failed(size_t index, std::string message)
{
    Observer* bad = m_observers[index];
    std::string name;
    try {
        name = bad->observerName();
    } catch (...) {
        name = "observer";
    }
    m_observers[index] = nullptr;
    m_dirty = true;
    m_failures.push_back({ std::move(name), std::move(message) });
}

void ObserverSet::settle()
{
    m_observers.erase(std::remove(m_observers.begin(), m_observers.end(), nullptr), m_observers.end());
    m_dirty = false;
    // Reported after the event that failed reached everyone, so all observers see the same order.
    while (!m_failures.empty()) {
        Failure f = std::move(m_failures.front());
        m_failures.erase(m_failures.begin());
        notify([&](Observer& o) { o.observerFailed(f.name, f.message); });
    }
}

} // namespace loopscope
