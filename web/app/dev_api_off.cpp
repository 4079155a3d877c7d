// The production app (relance_app, build/web/): no window.relance.dev, no
// benchmark code. The dev build links dev_api.cpp instead.
#include "web/app/automation.h"

namespace relance {

void install_dev_api(App&) {}

}  // namespace relance
