// The system's zlib (Debian: zlib1g-dev), for ThiDuaODF's streaming ZIP writer. Declared here
// rather than borrowed from ZIPFoundation's internal CZlib target, which is not a product.
#include <zlib.h>
