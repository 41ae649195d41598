#include "cli/appmain.h"
#include "util/heaptuning.h"

int main(int argc, char *argv[]) {
    pc::tuneHeapForBulkTransfers();
    return app::runApp(argc, argv);
}
