// The wasm build links ImGui without its built-in font (ProggyClean, 12 KB
// of compressed data that gzip cannot shrink): ImFontAtlas::AddFontDefault is
// wrapped (-Wl,--wrap=..., web/CMakeLists.txt) by this function, so the
// original and its data are never referenced and the linker drops them.
// ImGui calls AddFontDefault only when no font was added before the atlas is
// built; the app always adds its own Noto Sans first (ui.cpp, from the fonts
// compiled into the core), so this is never reached.
struct ImFont;
struct ImFontAtlas;
struct ImFontConfig;

extern "C" ImFont* __wrap__ZN11ImFontAtlas14AddFontDefaultEPK12ImFontConfig(ImFontAtlas*, const ImFontConfig*) {
  return nullptr;
}
