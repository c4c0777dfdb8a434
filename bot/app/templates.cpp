#include "bot/app/templates.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bot/core/postmortem.hpp"
#include "templates/builtin.hpp"

namespace scribe::app {

std::map<std::string, LoadedTemplate> load_templates(const Config& config) {
  std::map<std::string, LoadedTemplate> out;
  for (const auto& t : templates::builtin())
    out[std::string(t.name)] = LoadedTemplate{"built-in", std::string(t.text)};
  if (!config.postmortem.templates_dir.empty()) {
    namespace fs = std::filesystem;
    for (const auto& entry : fs::directory_iterator(config.postmortem.templates_dir)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || !name.ends_with(".mustache")) continue;
      std::ifstream in(entry.path());
      if (!in) throw core::TemplateError(entry.path().string() + ": cannot read the file");
      std::stringstream text;
      text << in.rdbuf();
      out[name] = LoadedTemplate{entry.path().string(), text.str()};
    }
  }
  for (const auto& [name, t] : out)
    core::validate_template(t.origin == "built-in" ? name : t.origin, t.text);
  return out;
}

}  // namespace scribe::app
