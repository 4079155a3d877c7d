// An ImGui context for the native UI tests: the app's style and fonts, the
// font atlas built but no renderer. Enough to draw whole frames of the app
// and read where each widget went (ui::rect), as the browser tests do.
#pragma once
#include "imgui.h"
#include "web/app.h"
#include "web/input.h"
#include "web/ui.h"

namespace relance::test {

struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    input::Queue::setup_key_map(io);
    ui::apply_style(16);
    ui::build_fonts(16, 1);
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(1));
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  // One frame of the app, after the queued input `q` (if any) is applied.
  static void draw(App& app, input::Queue* q = nullptr) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60;
    if (q) q->apply(io);
    ImGui::NewFrame();
    ui::begin_frame();
    app_draw(app);
    ui::end_frame();
    ImGui::Render();
  }
};

}  // namespace relance::test
