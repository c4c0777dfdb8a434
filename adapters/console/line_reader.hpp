// Where the console's lines come from: a plain stream (pipes, files, tests),
// or libedit on a terminal, for line editing and a history kept across runs.
#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace scribe::console {

class LineReader {
 public:
  virtual ~LineReader() = default;
  // The next line without its newline, or nothing at the end of input.
  virtual std::optional<std::string> read(const std::string& prompt) = 0;
};

// Lines from a stream; the prompt is printed only when `show_prompt`.
class StreamLineReader final : public LineReader {
 public:
  StreamLineReader(std::istream& in, std::ostream& out, bool show_prompt)
      : in_(in), out_(out), show_prompt_(show_prompt) {}
  std::optional<std::string> read(const std::string& prompt) override;

 private:
  std::istream& in_;
  std::ostream& out_;
  bool show_prompt_;
};

// libedit on the terminal: arrow keys, Ctrl-A/E/W/R, and the history of
// earlier sessions from `history_file` (kept there at each line; "" keeps
// it in memory only). Only for a terminal on stdin.
class EditLineReader final : public LineReader {
 public:
  explicit EditLineReader(std::string history_file);
  ~EditLineReader() override;
  EditLineReader(const EditLineReader&) = delete;
  EditLineReader& operator=(const EditLineReader&) = delete;
  std::optional<std::string> read(const std::string& prompt) override;

 private:
  std::string history_file_;
};

}  // namespace scribe::console
