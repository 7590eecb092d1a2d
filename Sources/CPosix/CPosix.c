// The target's functions are static inline in include/CPosix.h; SwiftPM needs one source file.
#include "CPosix.h"
