// An engine over a real in-memory SQLite store with the built-in templates,
// and helpers to speak to it as people in chat would.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bot/core/engine.hpp"
#include "bot/core/time.hpp"
#include "storage/sqlite_store.hpp"
#include "templates/builtin.hpp"

namespace scribe::test {

struct EngineFixture {
  std::unique_ptr<core::Store> store = storage::open_store(":memory:");
  core::IncidentEngine engine{*store, default_options()};
  int sequence = 0;

  static core::EngineOptions default_options() {
    core::EngineOptions o;
    o.postmortem_template = std::string(*templates::find_builtin("postmortem.md.mustache"));
    return o;
  }

  core::Inbound message(const std::string& iso, const std::string& author, const std::string& text,
                        const std::string& channel = "#general") {
    core::Inbound in;
    in.platform = "console";
    in.event_id = "ev-" + std::to_string(++sequence);
    in.message_id = in.event_id;
    in.channel = channel;
    in.author = author;
    in.author_name = author;
    in.at = *core::parse_iso8601(iso);
    in.text = text;
    return in;
  }

  std::vector<core::Outbound> say(const std::string& iso, const std::string& author,
                                  const std::string& text,
                                  const std::string& channel = "#general") {
    return engine.handle(message(iso, author, text, channel));
  }

  // Every reply text of a list of effects, joined by newlines.
  static std::string replies(const std::vector<core::Outbound>& effects) {
    std::string out;
    for (const auto& e : effects)
      if (const auto* m = std::get_if<core::PostMessage>(&e)) out += m->text + "\n";
    return out;
  }

  static const core::DraftReady* draft_in(const std::vector<core::Outbound>& effects) {
    for (const auto& e : effects)
      if (const auto* d = std::get_if<core::DraftReady>(&e)) return d;
    return nullptr;
  }
};

}  // namespace scribe::test
