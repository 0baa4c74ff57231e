/* form_mask.c — a submitted form as someone who may not see its personal numbers sees it (see
 * form.h). The schema says which fields hold them: every id_number and phone field is masked whole
 * (a landline and a 15-digit ID number too, which no pattern would be sure of). */
#include "domain/catalog/form.h"
#include "base/log.h"
#include "base/mem.h"
#include <stdlib.h>
#include <string.h>

void form_mask_personal(const json_t *schema, json_t *data)
{
	if (!json_is_object(data))
		return;
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(schema, "fields"), i, f) {
		const char *key = json_string_value(json_object_get(f, "key"));
		const char *type = json_string_value(json_object_get(f, "type"));
		json_t *v = key ? json_object_get(data, key) : NULL;
		if (!type || !json_is_string(v))
			continue;
		bool idn = !strcmp(type, "id_number"), phone = !strcmp(type, "phone");
		if (!idn && !phone)
			continue;
		const char *s = json_string_value(v);
		size_t n = strlen(s);
		char *m = xmalloc(n + 1);
		if (idn)
			mask_id_number(s, m, n + 1);
		else
			mask_phone(s, m, n + 1);
		json_object_set_new(data, key, json_string(m));
		free(m);
	}
}
