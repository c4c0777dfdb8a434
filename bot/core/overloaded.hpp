// std::visit over a variant with one lambda per alternative:
//   std::visit(overloaded{[](const PostMessage&) {…}, [](const DraftReady&) {…}}, effect);
#pragma once

namespace scribe::core {

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
// Clang before 17 does not deduce aggregate template arguments by itself.
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

}  // namespace scribe::core
