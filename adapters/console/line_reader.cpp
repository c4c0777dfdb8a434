#include "adapters/console/line_reader.hpp"

#include <editline/readline.h>

#include <cstdlib>
#include <memory>

namespace scribe::console {

std::optional<std::string> StreamLineReader::read(const std::string& prompt) {
  if (show_prompt_) out_ << prompt << std::flush;
  std::string line;
  if (!std::getline(in_, line)) return std::nullopt;
  return line;
}

EditLineReader::EditLineReader(std::string history_file) : history_file_(std::move(history_file)) {
  using_history();
  // A first run has no history yet; a missing file is not an error.
  if (!history_file_.empty()) read_history(history_file_.c_str());
}

EditLineReader::~EditLineReader() {
  if (!history_file_.empty()) write_history(history_file_.c_str());
}

std::optional<std::string> EditLineReader::read(const std::string& prompt) {
  const std::unique_ptr<char, decltype(&std::free)> line(readline(prompt.c_str()), &std::free);
  if (!line) return std::nullopt;
  std::string text(line.get());
  // Blank lines and repeats of the line before stay out of the history.
  const HIST_ENTRY* last = history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
  if (text.find_first_not_of(" \t") != std::string::npos && (!last || text != last->line)) {
    add_history(text.c_str());
    // Written at each line: a console killed with its terminal keeps what was typed.
    if (!history_file_.empty()) write_history(history_file_.c_str());
  }
  return text;
}

}  // namespace scribe::console
