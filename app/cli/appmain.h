#pragma once

namespace app {

// pmproxy's whole command line (PRODUCT.md §3): picks the application type (no display
// is needed for --help, --version and --headless), installs the translation, and runs
// the window, headless or screenshot mode. Returns the process exit code.
int runApp(int &argc, char **argv);

} // namespace app
