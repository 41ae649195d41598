#include "cli/appmain.h"

int main(int argc, char *argv[]) {
    return app::runApp(argc, argv);
}
