#include "bot/app/runtime.hpp"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <stdexcept>

#include "adapters/console/console_chat.hpp"
#include "bot/app/templates.hpp"
#include "bot/core/timeline_svg.hpp"
#include "storage/sqlite_store.hpp"

namespace scribe::app {

core::EngineOptions engine_options(const Config& config, std::string postmortem_template) {
  core::EngineOptions o;
  o.zone = config.timezone;
  o.detection_target_minutes = config.postmortem.detection_target_minutes;
  o.people_zones = config.people;
  o.postmortem_template = std::move(postmortem_template);
  o.postmortem_policy = postmortem_policy(config);
  o.recent_changes = config.signals.recent_changes;
  // Auto-declared incidents live where the team chats: Slack when it is on.
  o.auto_declare_channel = config.signals.auto_declare_channel;
  o.web_base_url = config.web.base_url;
  o.tracker = config.trackers.target();
  o.auto_declare_platform = config.slack.enabled    ? "slack"
                            : config.matrix.enabled ? "matrix"
                                                    : "console";
  if (config.matrix.incident_rooms == "in_place") o.in_place_platforms.insert("matrix");
  return o;
}

Runtime::Runtime(Config config, std::set<std::string> platforms) : config_(std::move(config)) {
  std::filesystem::create_directories(config_.data_dir);
  auto templates = load_templates(config_);
  store_ = storage::open_store(config_.database_path());
  engine_ = std::make_unique<core::IncidentEngine>(
      *store_, engine_options(config_, templates.at(kPostmortemTemplate).text));
  follow_up_ =
      std::make_unique<core::FollowUp>(*store_, follow_up_options(config_, std::move(platforms)));
}

Runtime::~Runtime() = default;

namespace {

// Write then rename, so a reader never sees half a file.
void write_whole(const std::filesystem::path& path, const std::string& content) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace

std::string Runtime::write_draft_file(const core::DraftReady& draft) {
  namespace fs = std::filesystem;
  const std::string ref = core::incident_ref(draft.incident);
  const fs::path dir = fs::path(config_.drafts_dir()) / ref;
  fs::create_directories(dir);
  const fs::path versioned = dir / core::draft_file_name(draft.incident, draft.version);
  write_whole(versioned, draft.markdown);
  fs::copy_file(versioned, dir / (ref + "-postmortem.md"), fs::copy_options::overwrite_existing);
  // The picture the Markdown shows, beside it: always the latest timeline.
  if (!draft.timeline_svg.empty())
    write_whole(dir / core::timeline_file_name(draft.incident), draft.timeline_svg);
  return versioned.string();
}

void Runtime::carry_out(const std::vector<core::Outbound>& effects, std::ostream& out) {
  for (const auto& effect : effects) {
    if (const auto* draft = std::get_if<core::DraftReady>(&effect)) {
      out << "Draft v" << draft->version << " of " << core::incident_ref(draft->incident)
          << " written to " << write_draft_file(*draft) << "\n";
      continue;
    }
    if (const auto* open = std::get_if<core::OpenChannel>(&effect))
      engine_->bind_channel(open->incident, "#" + open->name);
    if (std::string line = console::describe(effect); !line.empty()) out << line << "\n";
  }
}

void Runtime::handle_console(const core::Inbound& event, std::ostream& out) {
  carry_out(engine_->handle(event), out);
}

}  // namespace scribe::app
