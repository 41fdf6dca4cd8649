/*
 * labels.c — the names of the reference labels (ref_label_name,
 * ref_label_parse): the words `quire cite --format tokens`, the model file
 * and the evaluation tools use for them.  Below both the CRF (which reads
 * them from a model file) and the labelling API.
 */
#include <string.h>

#include "refs.h"

static const char *const label_names[REF_N_LABELS] = {
	"other", "author", "editor", "translator", "title", "container-title",
	"collection-title", "edition", "volume", "issue", "pages", "publisher",
	"place", "date", "accessed", "url", "doi", "isbn", "genre", "note",
};

const char *ref_label_name(ref_label l)
{
	return (unsigned)l < REF_N_LABELS ? label_names[l] : "other";
}

int ref_label_parse(const char *s, ref_label *out)
{
	if (!s)
		return -1;
	for (int i = 0; i < REF_N_LABELS; i++)
		if (strcmp(s, label_names[i]) == 0) {
			*out = (ref_label)i;
			return 0;
		}
	return -1;
}
