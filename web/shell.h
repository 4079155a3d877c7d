// The web shell's frame loop (main.cpp), as seen by the platform layer.
#pragma once

namespace relance::shell {

// Something asked for a redraw: the next frame counts as busy, so the loop
// does not go idle before drawing it.
void note_redraw_request();

}  // namespace relance::shell
