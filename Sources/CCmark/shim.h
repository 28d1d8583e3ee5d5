#ifndef MODELPRESS_CCMARK_SHIM_H
#define MODELPRESS_CCMARK_SHIM_H
#include <cmark.h>
#endif
