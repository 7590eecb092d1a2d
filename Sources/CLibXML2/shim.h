#ifndef JAMLINT_CLIBXML2_SHIM_H
#define JAMLINT_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU; Swift's Foundation ships its own ICU. Seeing both
// definitions of UErrorCode breaks clean builds intermittently, so hide libxml2's ICU part
// before any other libxml2 header is read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>
#include <libxml/SAX2.h>

// xmlFree is a C global function pointer that Swift 6 refuses to reference directly.
static inline void jamlint_xmlFree(void *ptr) { xmlFree(ptr); }

#endif
