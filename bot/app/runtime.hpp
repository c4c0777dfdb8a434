// One Scribe process: config, storage, templates and the engine, plus what
// the terminal does with the engine's effects.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "bot/app/config.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/repositories.hpp"

namespace scribe::app {

class Runtime {
 public:
  // Creates data_dir, opens (and migrates) the database, loads templates.
  explicit Runtime(Config config);
  ~Runtime();

  core::IncidentEngine& engine() { return *engine_; }
  core::Store& store() { return *store_; }
  const Config& config() const { return config_; }

  // Applies one console/replay event and shows its effects on `out`.
  void handle_console(const core::Inbound& event, std::ostream& out);
  // Shows effects on the terminal; drafts are written under data_dir.
  void carry_out(const std::vector<core::Outbound>& effects, std::ostream& out);
  // Writes a draft version under <data_dir>/drafts and returns its path.
  std::string write_draft_file(const core::DraftReady& draft);

 private:
  Config config_;
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<core::IncidentEngine> engine_;
};

core::EngineOptions engine_options(const Config& config, std::string postmortem_template);

}  // namespace scribe::app
