#include <iostream>
#include <string>
#include <vector>

#include "bot/app/cli.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  return scribe::app::run_cli(args, std::cin, std::cout, std::cerr);
}
