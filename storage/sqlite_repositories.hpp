// The repository implementations over one Connection. Internal to storage/:
// the rest of the program sees only the core interfaces, via SqliteStore.
#pragma once

#include "bot/core/repositories.hpp"
#include "storage/codec.hpp"
#include "storage/connection.hpp"

namespace scribe::storage {

// What every repository stands on: the store's one connection.
class OnConnection {
 public:
  explicit OnConnection(Connection& connection) : connection_(connection) {}

 protected:
  // Every row of `sql` with `values` bound to ?1, ?2, ..., each read by `read_row`.
  template <class ReadRow, class... Values>
  auto rows(const char* sql, ReadRow read_row, const Values&... values) {
    auto query = connection_.prepare(sql);
    codec::bind_all(*query, values...);
    return codec::all_rows(*query, read_row);
  }

  Connection& connection_;
};

class SqliteIncidentRepository final : public core::IncidentRepository, private OnConnection {
 public:
  using OnConnection::OnConnection;
  std::int64_t create(const core::Incident& incident) override;
  std::optional<core::Incident> find(std::int64_t number) override;
  std::optional<std::int64_t> active_number_in_channel(const std::string& platform,
                                                       const std::string& channel) override;
  std::optional<core::Incident> find_active_in_channel(const std::string& platform,
                                                       const std::string& channel) override;
  std::vector<core::Incident> find_active_from_origin(const std::string& platform,
                                                      const std::string& origin_channel) override;
  std::vector<core::Incident> list(bool include_closed) override;
  void update(const core::Incident& incident) override;
  bool channel_name_taken(const std::string& channel_name) override;
  std::vector<std::int64_t> search(const std::string& words) override;

 private:
  // Inserts the incident's affected, whys and reviewers; the caller holds a transaction.
  void write_lists(const core::Incident& incident);
};

class SqliteTimelineRepository final : public core::TimelineRepository, private OnConnection {
 public:
  using OnConnection::OnConnection;
  std::int64_t add(const core::TimelineEntry& entry) override;
  std::vector<core::TimelineEntry> list(std::int64_t incident) override;
  std::optional<core::TimelineEntry> find(std::int64_t id) override;
  void update(const core::TimelineEntry& entry) override;
  int remove_pinned(std::int64_t incident, const std::string& source_message) override;
  bool has_signal(std::int64_t incident, const std::string& key) override;
  bool has_milestone(std::int64_t incident, core::Milestone milestone) override;

};

class SqliteTranscriptRepository final : public core::TranscriptRepository, private OnConnection {
 public:
  using OnConnection::OnConnection;
  void add(const core::TranscriptLine& line) override;
  std::optional<core::TranscriptLine> find(std::int64_t incident,
                                           const std::string& message_id) override;
  bool edit(std::int64_t incident, const std::string& message_id, const std::string& text,
            core::Instant edited_at) override;
  bool remove(std::int64_t incident, const std::string& message_id) override;
  std::vector<core::TranscriptLine> list(std::int64_t incident) override;

};

class SqliteActionItemRepository final : public core::ActionItemRepository, private OnConnection {
 public:
  using OnConnection::OnConnection;
  std::int64_t add(const core::ActionItem& item) override;
  std::optional<core::ActionItem> find(std::int64_t number) override;
  void update(const core::ActionItem& item) override;
  std::vector<core::ActionItem> list_for_incident(std::int64_t incident) override;
  std::vector<core::ActionItem> list_all(bool include_done) override;
  std::vector<core::ActionItem> list_with_tracker() override;
  std::vector<core::ActionItem> list_tracker_work() override;
  std::optional<core::ActionItem> find_by_tracker_key(const std::string& key) override;
};

class SqliteDraftRepository final : public core::DraftRepository, private OnConnection {
 public:
  using OnConnection::OnConnection;
  int add(std::int64_t incident, core::Instant created_at, const std::string& markdown) override;
  std::optional<core::DraftVersion> latest(std::int64_t incident) override;
  std::vector<core::DraftVersion> list(std::int64_t incident) override;

};

class SqliteEventLedger final : public core::EventLedger, private OnConnection {
 public:
  using OnConnection::OnConnection;
  bool claim(const std::string& platform, const std::string& event_id,
             core::Instant received_at) override;
  std::size_t forget_before(const std::string& platform, core::Instant cutoff) override;

};

class SqlitePinReactionRepository final : public core::PinReactionRepository, private OnConnection {
 public:
  using OnConnection::OnConnection;
  void remember(const std::string& platform, const std::string& reaction_event,
                const std::string& target_message, core::Instant at) override;
  std::optional<std::string> target_of(const std::string& platform,
                                       const std::string& reaction_event) override;
  std::size_t forget_before(const std::string& platform, core::Instant cutoff) override;

};

class SqliteCursorRepository final : public core::CursorRepository, private OnConnection {
 public:
  using OnConnection::OnConnection;
  std::optional<std::string> get(const std::string& name) override;
  void put(const std::string& name, const std::string& value) override;

};

class SqliteReminderLog final : public core::ReminderLog, private OnConnection {
 public:
  using OnConnection::OnConnection;
  bool record(const std::string& key, const std::string& kind, core::Instant at) override;
  std::optional<core::Instant> last(const std::string& key, const std::string& kind) override;
  int count(const std::string& key, const std::string& kind) override;

};

class SqliteSignalRepository final : public core::SignalRepository, private OnConnection {
 public:
  using OnConnection::OnConnection;
  void keep(const core::Signal& signal, core::Instant received_at) override;
  std::vector<core::Signal> kept_since(core::Instant since) override;
  std::size_t forget_before(core::Instant cutoff) override;
};

}  // namespace scribe::storage
