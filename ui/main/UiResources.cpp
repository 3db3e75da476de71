#include "UiResources.h"

#include <QtGlobal>

static void initResourcesOnce()
{
    Q_INIT_RESOURCE(resources);
}

void initUiResources()
{
    static const bool done = (initResourcesOnce(), true);
    Q_UNUSED(done);
}
