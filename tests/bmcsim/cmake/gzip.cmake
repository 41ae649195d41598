# cmake -DIN=<file> -DOUT=<file.gz> -P gzip.cmake
# Stores a page gzip-compressed, as iDRAC firmware keeps its GUI files (*.html.gz ...).
get_filename_component(dir "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
file(ARCHIVE_CREATE OUTPUT "${OUT}" PATHS "${IN}" FORMAT raw COMPRESSION GZip MTIME 0)
