// Draws ImGui's draw lists with WebGL 2 (GLES 3 through Emscripten).
//
// In place of ImGui's OpenGL 3 backend, which backs up and restores the GL
// state around every frame with ~25 glGet/glIsEnabled calls: in Chromium
// most of them are synchronous round trips to the GPU process, and the first
// one waits there until the previous frame's commands have run. Without a
// GPU (SwiftShader rasterizing on the CPU) that wait held the page's main
// thread 30-100 ms per frame. The app owns the whole context, so this
// renderer sets the state it needs each frame and never reads any back.
#pragma once

#include "imgui.h"

namespace relance::render {

// Makes the program and buffers (the font texture: fonts_changed). False if
// the shaders do not compile or link (the reason goes to stderr).
bool create();

// Deletes what create() made (after a lost context: names of objects
// that no longer exist, which GL ignores).
void destroy();

// The font atlas was built or rebuilt, or create() was called: its texture
// is uploaded (again).
void fonts_changed();

// Clears the framebuffer (fb_w x fb_h device pixels) to `clear` and draws.
void draw(const ImDrawData& data, int fb_w, int fb_h, const ImVec4& clear);

}  // namespace relance::render
