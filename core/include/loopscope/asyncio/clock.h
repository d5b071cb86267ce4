#pragma once
// The virtual clock of one run: a C double that starts at 0.0 and moves only when the selector
// waits with a finite timeout or the program calls time.sleep (one IEEE-754 addition each).

namespace loopscope {

class VirtualClock {
public:
    double now() const noexcept { return m_now; }
    /// Returns the time before the move; `now()` becomes `now() + dt` exactly as Python adds floats.
    double advance(double dt) noexcept
    {
        const double old = m_now;
        m_now = m_now + dt;
        return old;
    }

private:
    double m_now = 0.0;
};

} // namespace loopscope
