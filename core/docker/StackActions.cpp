#include "core/docker/StackActions.h"

StackActions StackActions::of(StackState state, bool busy, const ServiceInfo& workspace)
{
    StackActions a;
    const bool known = state != StackState::EngineUnavailable;
    const bool up = stackStateIsUp(state);
    a.start = !busy && !(known && up);
    a.stop = !busy && !(known && !up);
    a.restart = a.stop;
    a.openOpenCode = openCodeAnswers(state, workspace);
    return a;
}

bool StackActions::openCodeAnswers(StackState state, const ServiceInfo& workspace)
{
    if (!stackStateIsUp(state) || workspace.stopping)
        return false;
    if (workspace.state == ServiceState::Healthy)
        return true;
    return workspace.state == ServiceState::Running && workspace.healthcheckKnown && !workspace.hasHealthcheck;
}
