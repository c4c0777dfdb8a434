// One Scribe process: config, storage, templates and the engine, plus what
// the terminal does with the engine's effects.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bot/app/config.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/follow_up.hpp"
#include "bot/core/repositories.hpp"

namespace scribe::app {

class Runtime {
 public:
  // Creates data_dir, opens (and migrates) the database, loads templates.
  // `platforms`: the chat platforms this process delivers follow-up work to
  // (`scribe run`: the enabled ones); see core::FollowUpOptions::platforms.
  explicit Runtime(Config config, std::set<std::string> platforms = {"console"});
  ~Runtime();

  core::IncidentEngine& engine() { return *engine_; }
  core::Store& store() { return *store_; }
  // Reminders, nudges and the digest (follow_up.hpp); `scribe run` calls
  // run_due on a timer and hands effects_for(platform) to each adapter.
  core::FollowUp& follow_up() { return *follow_up_; }
  const Config& config() const { return config_; }

  // Applies one console/replay event and shows its effects on `out`.
  void handle_console(const core::Inbound& event, std::ostream& out);
  // Shows effects on the terminal; drafts are written under data_dir.
  void carry_out(const std::vector<core::Outbound>& effects, std::ostream& out);
  // Writes a draft version under <data_dir>/drafts and returns its path.
  std::string write_draft_file(const core::DraftReady& draft);

  // `scribe console`: runs the follow-up work due by `now` and shows it on `out`
  // (runtime_follow_up.cpp).
  void run_follow_up(core::Instant now, std::ostream& out);
  // `scribe replay`: the clock moved to `to`. Runs each piece of work due by
  // then at its own instant, in order, and shows it on `out` after that instant.
  // Runs the work due up to `to` at its own instants; after a jump (the
  // transcript skipped weeks or years) runs it once at `to` instead, like a
  // bot coming back from downtime: one catch-up reminder, not one per day.
  void advance_clock(core::Instant to, std::ostream& out, bool jumped = false);

 private:
  void show_scheduled(const std::vector<core::ScheduledEffect>& scheduled, bool with_time,
                      std::ostream& out);

  Config config_;
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<core::IncidentEngine> engine_;
  std::unique_ptr<core::FollowUp> follow_up_;
  std::optional<core::Instant> clock_;  // replay: where the transcript's time has got to
};

core::EngineOptions engine_options(const Config& config, std::string postmortem_template);
core::PostmortemPolicy postmortem_policy(const Config& config);
// The follow-up options of `config`, delivering to `platforms`.
core::FollowUpOptions follow_up_options(const Config& config, std::set<std::string> platforms);

}  // namespace scribe::app
