#include "cli/commandline.h"
#include "util/heaptuning.h"

#include <QCoreApplication>

int main(int argc, char *argv[]) {
    pc::tuneHeapForBulkTransfers();
    QCoreApplication app(argc, argv);
    return gw::runCommandLine(app);
}
