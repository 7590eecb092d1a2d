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

// The error handler globals are macros over per-thread state, which Swift cannot import.
static inline xmlStructuredErrorFunc jamlint_structured_error_handler(void) { return xmlStructuredError; }
static inline void *jamlint_structured_error_context(void) { return xmlStructuredErrorContext; }

// The generic error handler is variadic, which Swift cannot express: save, silence and restore
// it here, passing the handler around as an opaque pointer.
static inline void jamlint_ignore_generic_error(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}
static inline void *jamlint_generic_error_handler(void) { return (void *)xmlGenericError; }
static inline void *jamlint_generic_error_context(void) { return xmlGenericErrorContext; }
static inline void jamlint_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, jamlint_ignore_generic_error);
}
static inline void jamlint_restore_generic_errors(void *handler, void *context) {
    xmlSetGenericErrorFunc(context, (xmlGenericErrorFunc)handler);
}

#endif
