// Action items in the team's tracker: `/incident export`, the exports the
// config asks for, and the tracker loop's results applied to the items. The
// item is the record of truth for what Scribe did; `tracker.closed` is what
// the tracker last said, so whichever side changed since is the one to follow.
#include <algorithm>
#include <map>

#include "bot/core/action_items.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/engine_turn.hpp"
#include "bot/core/postmortem.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

using State = TrackerLink::State;

std::string minutes(const std::optional<Span>& span) {
  return span ? std::to_string(span->minutes()) + " minutes" : std::string();
}

}  // namespace

bool IncidentEngine::request_export(ActionItem& item) {
  if (item.tracker.state != State::none && item.tracker.state != State::failed) return false;
  item.tracker.state = State::requested;
  item.tracker.error.clear();
  return true;
}

void IncidentEngine::cmd_export(Turn& turn, const std::optional<Incident>& inc,
                                const commands::Export& c) {
  const TrackerTarget& tracker = options_.tracker;
  if (!tracker.configured())
    return turn.reply(
        "No tracker is set up: set [trackers.github] repo or [trackers.jira] base_url and "
        "project in the config.");
  std::vector<ActionItem> items;
  if (c.item) {
    auto item = store_.actions().find(*c.item);
    if (!item) return turn.reply("There is no action item " + action_ref(*c.item) + ".");
    items.push_back(std::move(*item));
  } else if (inc) {
    items = store_.actions().list_for_incident(inc->number);
    if (items.empty())
      return turn.reply(incident_ref(inc->number) + " has no action items to export.");
  } else {
    if (!turn.answered) turn.reply(std::string(kNoIncidentHere));
    return;
  }
  std::vector<std::string> asked, already;
  for (auto& item : items) {
    if (request_export(item)) {
      store_.actions().update(item);
      asked.push_back(action_ref(item.number));
    } else if (const auto text = tracker_text(item.tracker); !text.empty()) {
      already.push_back(action_ref(item.number) + " is " + text);
    } else {
      already.push_back(action_ref(item.number) + " is on its way");
    }
  }
  std::string text;
  if (!asked.empty())
    text = "Exporting " + join(asked, ", ") + " to " + tracker.label() +
           "; each item shows its issue once it is made.";
  for (const auto& line : already) text += (text.empty() ? "" : "\n") + line + ".";
  turn.say(text);
}

int IncidentEngine::request_exports(const std::vector<std::int64_t>& numbers) {
  int asked = 0;
  store_.transaction([&] {
    for (const auto number : numbers)
      if (auto item = store_.actions().find(number); item && request_export(*item)) {
        store_.actions().update(*item);
        ++asked;
      }
  });
  return asked;
}

TrackerWork IncidentEngine::tracker_work() {
  TrackerWork work;
  for (auto& item : store_.actions().list_tracker_work())
    (item.tracker.state == State::linked ? work.closes : work.exports).push_back(std::move(item));
  return work;
}

std::vector<ActionItem> IncidentEngine::tracker_linked() {
  auto items = store_.actions().list_with_tracker();
  std::erase_if(items, [](const ActionItem& a) { return a.tracker.state != State::linked; });
  return items;
}

TrackerIssue IncidentEngine::tracker_issue(const ActionItem& item) {
  TrackerIssue issue;
  issue.item = item.number;
  issue.incident = item.incident;
  issue.title = shortened(one_line(item.description), 200);  // GitHub takes 256, Jira 255
  issue.owner = item.owner;
  issue.due = item.due;
  issue.marker = tracker_marker(item.number);
  const std::string ref = incident_ref(item.incident);
  issue.labels.push_back(ref);
  const auto inc = store_.incidents().find(item.incident);
  std::string owner_name = mention(item.owner);
  for (const auto& line : store_.transcript().list(item.incident))
    if (line.author == item.owner && !line.author_name.empty()) owner_name = "@" + line.author_name;
  issue.paragraphs.push_back("Action item " + action_ref(item.number) + " from the postmortem of " +
                             ref + (inc ? ": " + inc->title : std::string()) + ".");
  issue.paragraphs.push_back("Owner: " + owner_name + ". " +
                             (item.due ? "Due " + format_date(*item.due) + "." : "No due date."));
  if (inc) {
    const auto f = compute_figures(*inc, store_.timeline().list(inc->number));
    std::string figures = "Severity " + std::string(inc->severity ? to_string(*inc->severity)
                                                                  : std::string_view("not set"));
    if (const auto m = minutes(f.customer_impact); !m.empty()) figures += ", customer impact " + m;
    if (const auto gap = f.detection_gap_minutes())
      figures += ", detection gap " + std::to_string(*gap) + " minutes";
    issue.paragraphs.push_back(figures + ". Declared " +
                               format_date_time(inc->declared_at, options_.zone) + ".");
  }
  if (const auto url = incident_page_url(options_.web_base_url, item.incident); !url.empty())
    issue.paragraphs.push_back("The incident and its postmortem: " + url);
  issue.paragraphs.push_back("Close this issue when the work is done: Scribe then marks " +
                             action_ref(item.number) + " done and stops its reminders.");
  return issue;
}

void IncidentEngine::tracker_export_starting(std::int64_t number) {
  store_.transaction([&] {
    auto item = store_.actions().find(number);
    if (!item || item->tracker.state == State::linked) return;
    item->tracker.state = State::creating;
    store_.actions().update(*item);
  });
}

std::vector<ScheduledEffect> IncidentEngine::tracker_export_made(std::int64_t number,
                                                                 const std::string& key,
                                                                 const std::string& url,
                                                                 Instant now) {
  std::vector<ScheduledEffect> out;
  store_.transaction([&] {
    auto item = store_.actions().find(number);
    if (!item) return;
    item->tracker = TrackerLink{State::linked, key, url, false, {}};
    store_.actions().update(*item);
    const auto inc = store_.incidents().find(item->incident);
    if (inc && !inc->channel.empty())
      out.push_back({now, inc->platform,
                     PostMessage{inc->channel,
                                 action_ref(number) + " is now " + tracker_text(item->tracker) +
                                     ", assigned to " + display(item->owner) + ".",
                                 "",
                                 {}}});
  });
  return out;
}

std::vector<ScheduledEffect> IncidentEngine::tracker_exports_refused(
    const std::vector<std::int64_t>& numbers, const std::string& why, Instant now) {
  std::vector<ScheduledEffect> out;
  store_.transaction([&] {
    // One message per incident: a wrong repository or token refuses them all.
    std::map<std::int64_t, std::vector<std::string>> refused;
    for (const auto number : numbers) {
      auto item = store_.actions().find(number);
      if (!item || item->tracker.state == State::failed) continue;  // said once
      item->tracker.state = State::failed;
      item->tracker.error = why;
      store_.actions().update(*item);
      refused[item->incident].push_back(action_ref(number));
    }
    for (const auto& [incident, refs] : refused) {
      const auto inc = store_.incidents().find(incident);
      if (!inc || inc->channel.empty()) continue;
      std::string items = refs.front();
      for (std::size_t i = 1; i < refs.size(); ++i)
        items += (i + 1 == refs.size() ? " and " : ", ") + refs[i];
      const std::string again = refs.size() == 1 ? refs.front() : incident_ref(incident);
      out.push_back({now, inc->platform,
                     PostMessage{inc->channel,
                                 "\xE2\x9A\xA0\xEF\xB8\x8F " + items +
                                     " could not be exported to " + options_.tracker.label() +
                                     ": " + why + ". Fix the [trackers] settings, then " +
                                     "`/incident export " + again + "`.",
                                 "",
                                 {}}});
    }
  });
  return out;
}

void IncidentEngine::tracker_closed_by_scribe(std::int64_t number) {
  store_.transaction([&] {
    auto item = store_.actions().find(number);
    if (!item) return;
    item->tracker.closed = true;
    store_.actions().update(*item);
  });
}

std::vector<ScheduledEffect> IncidentEngine::tracker_observed(
    const std::vector<TrackerObservation>& seen, Instant now) {
  std::vector<ScheduledEffect> out;
  store_.transaction([&] {
    for (const auto& o : seen) {
      auto item = store_.actions().find_by_tracker_key(o.key);
      if (!item || item->tracker.closed == o.closed) continue;  // nothing changed there
      item->tracker.closed = o.closed;
      std::string said;
      const std::string where = item->tracker.key + " in " + options_.tracker.label();
      const std::string by = o.by.empty() ? "" : " by " + o.by;
      if (o.closed && !item->done_at) {
        item->done_at = now;
        item->done_by = o.by.empty() ? options_.tracker.system : o.by;
        said = "\xE2\x9C\x85 " + action_ref(item->number) + " done: " + where + " was closed" + by +
               ". No more reminders for it.";
      } else if (!o.closed && item->done_at) {
        item->done_at.reset();
        item->done_by.clear();
        said = action_ref(item->number) + " is open again: " + where + " was reopened" + by +
               ". It is back on " + display(item->owner) + "'s list.";
      }
      store_.actions().update(*item);
      const auto inc = store_.incidents().find(item->incident);
      if (!said.empty() && inc && !inc->channel.empty())
        out.push_back({now, inc->platform, PostMessage{inc->channel, said, "", {}}});
    }
  });
  return out;
}

}  // namespace scribe::core
