// The system zlib (Debian's zlib1g-dev), for the compressed webhook bodies (Store/Deflate.swift).
#include <zlib.h>
