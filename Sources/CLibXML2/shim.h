#ifndef THIDUA_CLIBXML2_SHIM_H
#define THIDUA_CLIBXML2_SHIM_H

// libxml2 as Debian builds it pulls in ICU's headers, which clash with the ICU that
// Foundation carries. Reading the version header first and dropping the ICU switch keeps
// them apart; ThiĐua uses none of libxml2's ICU features.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/relaxng.h>
#include <libxml/xmlreader.h>

#endif
