// glibc's malloc tuning (malloc_trim), which Swift's Glibc module leaves out: `FreedMemory`.
#include <malloc.h>
