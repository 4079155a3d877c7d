// The web app: GLFW creates the WebGL2 context, ImGui draws, and our own
// input layer (library_relance.js + input.cpp) feeds ImGui, because
// Emscripten's GLFW loses composed text, the system clipboard and HiDPI.
//
// [SECTION] Contents
// - Frame: canvas size, fonts, input, draw, idle
// - Entry points called from JavaScript
// - main
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "imgui_internal.h"
#include "web/app.h"
#include "web/input.h"
#include "web/platform.h"
#include "web/render_gl.h"
#include "web/semantics.h"
#include "web/shell.h"
#include "web/ui.h"

#ifndef RELANCE_WEB_VERSION
#define RELANCE_WEB_VERSION "dev"
#endif

extern "C" {
void rl_init(const char* version);
int rl_gl_state();  // 0 usable, 1 lost, 2 restored since the last call
void rl_sync_canvas(double* out);
void rl_frame_done(int want_text, float x, float y, float h, int busy, int queued);
void rl_ready();
}

namespace {

// The UI font size in CSS pixels (the em, as CSS font-size: 16px); rasterized
// at this times devicePixelRatio.
constexpr float kFontSize = 16.0f;

relance::App* g_app = nullptr;
relance::input::Queue g_input;
GLFWwindow* g_window = nullptr;
double g_last_time = 0;
bool g_redraw_requested = false;
bool g_in_frame = false;
double g_started = 0;  // seconds (emscripten_get_now), when main() started

constexpr double kStorageWait = 3.0;
constexpr double kWorkSliceMs = 40.0;  // App::work per tick
constexpr double kDrawEvery = 0.25;    // seconds between frames drawn while it runs

bool storage_answered() {
  const relance::Store::State s = g_app->ws.store().state();
  return s == relance::Store::State::open || s == relance::Store::State::failed;
}

bool waiting_for_storage() { return !storage_answered() && emscripten_get_now() / 1000.0 - g_started < kStorageWait; }

// [SECTION] Frame -----------------------------------------------------------------

const char* get_clipboard(void*) {
  static std::string text;
  text = relance::platform::clipboard_text();
  return text.c_str();
}

void set_clipboard(void*, const char* text) { relance::platform::set_clipboard_text(text); }

// One pass of the app over a new ImGui frame.
void lay_out() {
  ImGui::NewFrame();
  relance::ui::begin_frame();
  relance::app_draw(*g_app);
  relance::ui::end_frame();
}

void frame() {
  if (g_in_frame) return;  // a handler inside a frame asked for another: the current one covers it
  g_in_frame = true;
  // The WebGL context lost (a GPU process restarting, a driver reset):
  // frames go on without GL (the app stays usable through the semantics
  // overlay and the keyboard; making a GL object on a lost context would
  // throw) until the browser restores it; then the renderer's GL objects
  // are made again. They are made at the first frame, not in main(): the
  // context may be lost by then already.
  static bool made = false;
  const int gl = rl_gl_state();
  const bool lost = gl == 1;
  bool upload_fonts = false;
  if (gl == 2 && made) {
    relance::render::destroy();
    made = false;
  }
  if (!made && !lost) {
    made = true;  // a shader that does not compile says so once, on stderr
    relance::render::create();
    upload_fonts = true;
  }
  ImGuiIO& io = ImGui::GetIO();

  // The canvas backing store follows its CSS size times devicePixelRatio,
  // read every frame: it changes with the browser zoom and across screens.
  double dims[4];
  rl_sync_canvas(dims);
  const float css_w = static_cast<float>(dims[0]), css_h = static_cast<float>(dims[1]);
  const int fb_w = static_cast<int>(dims[2]), fb_h = static_cast<int>(dims[3]);
  const float dpr = static_cast<float>(dims[2] / dims[0]);
  if (std::abs(relance::ui::fonts_dpr() - std::clamp(dpr, 0.5f, 4.0f)) > 0.01f) {
    relance::ui::build_fonts(kFontSize, dpr);
    upload_fonts = true;
  }
  if (upload_fonts && !lost) relance::render::fonts_changed();
  // Until the storage answers (open or failed), nothing is drawn: the page's
  // « Chargement de Relance… » stays, and there is no ledger to show yet. A
  // frame drawn meanwhile is rasterized on the CPU where there is no GPU
  // (70-150 ms each in headless Chromium) and holds the main thread that the
  // storage's answer waits for. After kStorageWait the frames say
  // « Ouverture des données… » (a database upgrade blocked by another tab).
  if (waiting_for_storage()) {
    g_in_frame = false;
    return;
  }
  io.DisplaySize = ImVec2(css_w, css_h);
  io.DisplayFramebufferScale = ImVec2(static_cast<float>(fb_w) / css_w, static_cast<float>(fb_h) / css_h);

  const double now = emscripten_get_now() / 1000.0;

  // Long work (App::work): slices of kWorkSliceMs in ticks of the loop that
  // draw nothing, a frame drawn every kDrawEvery for its progress bar, or at
  // once when input arrives. Every task stays well under 100 ms, and most of
  // the time goes to the work instead of to rasterizing frames.
  static double last_drawn = 0;
  if (g_app->work && g_input.empty() && now - last_drawn < kDrawEvery) {
    if (!g_app->work(kWorkSliceMs)) g_app->work = nullptr;
    g_redraw_requested = true;  // the loop goes on: the next tick draws what is done
    g_in_frame = false;
    return;
  }
  last_drawn = now;
  io.DeltaTime = static_cast<float>(std::max(now - g_last_time, 1e-4));
  g_last_time = now;

  const bool redraw_requested = g_redraw_requested;
  g_redraw_requested = false;
  const bool queued = g_input.apply(io);

  // The first frame with what the storage holds is laid out twice and drawn
  // once: windows, tables and scrolling settle on their second pass, and
  // that is the frame shown (one frame rasterized instead of two, 70-150 ms
  // each on a CPU rasterizer). Not with input waiting: a click must meet
  // the layout the user saw.
  const bool answered = storage_answered();
  static int frames_since_open = 0;
  static bool laid_twice = false;
  if (answered && frames_since_open == 0 && !queued) {
    laid_twice = true;
    lay_out();
    ImGui::EndFrame();
  }
  lay_out();
  ImGui::Render();

  if (!lost) relance::render::draw(*ImGui::GetDrawData(), fb_w, fb_h, ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);

  // Busy: more to draw soon (queued events, held keys for repeat, drags,
  // an explicit request). Otherwise the loop pauses after a few frames.
  const bool busy = redraw_requested || g_redraw_requested || g_input.anything_held() || io.MouseWheel != 0;
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  rl_frame_done(io.WantTextInput ? 1 : 0, g.PlatformImePos.x, g.PlatformImePos.y, ImGui::GetFontSize(), busy ? 1 : 0,
                queued ? 1 : 0);

  // The first usable frame: storage answered (open or failed) and a frame
  // has been drawn with what it holds, laid out twice.
  if (answered && ++frames_since_open == (laid_twice ? 1 : 2)) rl_ready();
  g_in_frame = false;
}

}  // namespace

namespace relance::shell {
void note_redraw_request() { g_redraw_requested = true; }
}  // namespace relance::shell

// [SECTION] Entry points called from JavaScript ----------------------------------

extern "C" {

EMSCRIPTEN_KEEPALIVE void relance_frame() { frame(); }
EMSCRIPTEN_KEEPALIVE void relance_input_mouse_move(float x, float y) { g_input.mouse_move(x, y); }
EMSCRIPTEN_KEEPALIVE void relance_input_mouse_leave() { g_input.mouse_leave(); }
EMSCRIPTEN_KEEPALIVE void relance_input_mouse_button(int button, int down) { g_input.mouse_button(button, down != 0); }
EMSCRIPTEN_KEEPALIVE void relance_input_wheel(float dx, float dy) { g_input.wheel(dx, dy); }
EMSCRIPTEN_KEEPALIVE void relance_input_key(int key, int down, int mods) { g_input.key(key, down != 0, mods); }
EMSCRIPTEN_KEEPALIVE void relance_input_text(const char* utf8) { g_input.text(utf8); }
EMSCRIPTEN_KEEPALIVE void relance_input_focus(int gained) { g_input.focus(gained != 0); }
// The overlay element focused in the page (0: none): the app rings that widget.
EMSCRIPTEN_KEEPALIVE void relance_sem_focus(unsigned id, int leave_edit) { relance::semantics::set_focus(id, leave_edit != 0); }

}  // extern "C"

// [SECTION] main -----------------------------------------------------------------

int main() {
  g_started = emscripten_get_now() / 1000.0;
  if (!glfwInit()) {
    std::fprintf(stderr, "relance: glfwInit failed\n");
    return 1;
  }
  // An opaque canvas without depth or stencil: ImGui needs none.
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  g_window = glfwCreateWindow(1280, 800, "Relance", nullptr, nullptr);
  if (!g_window) {
    std::fprintf(stderr, "relance: WebGL 2 is not available in this browser\n");
    return 1;
  }
  glfwMakeContextCurrent(g_window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini: layout is code, settings live in the ledger
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  // A blinking caret would keep an idle tab drawing forever.
  io.ConfigInputTextCursorBlink = false;
  io.BackendPlatformName = "relance_web";
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  relance::input::Queue::setup_key_map(io);

  relance::ui::apply_style(kFontSize);

  static relance::App app;
  g_app = &app;
  app.work_between_frames = true;
  rl_init(RELANCE_WEB_VERSION);
  relance::app_init(app);

  g_last_time = emscripten_get_now() / 1000.0;
  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
