#include "guiresources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initLoopscopeResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace loopscope {

void ensureResources()
{
    static const bool done = (initLoopscopeResources(), true);
    Q_UNUSED(done);
}

} // namespace loopscope
