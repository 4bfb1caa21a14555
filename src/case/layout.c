/*
 * layout.c - where a case's, a person's and a photo's files are (layout.h).
 */
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t
digits(const char *s)
{
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

bool
vpd_layout_spread(vpd_txn *t)
{
	return vpd_txn_exists(t, VPD_LAYOUT_FILE);
}

bool
vpd_case_id_valid(const char *id)
{
	size_t n;

	if (id == NULL || digits(id) != 4 || id[4] != '-')
		return false;
	n = digits(id + 5);
	return n >= 4 && n <= 8 && id[5 + n] == '\0';
}

bool
vpd_person_id_valid(const char *id)
{
	size_t n;

	if (id == NULL || id[0] != 'P')
		return false;
	n = digits(id + 1);
	return n >= 4 && n <= 8 && id[1 + n] == '\0';
}

/* snprintf that says whether it fitted, and leaves "" when not. */
static int
fits(char *buf, size_t size, int n)
{
	if (n < 0 || (size_t)n >= size) {
		if (size)
			buf[0] = '\0';
		return -1;
	}
	return 0;
}

int
vpd_case_path(vpd_txn *t, const char *id, const char *rest, char *buf,
    size_t size)
{
	const char *sep = rest && *rest ? "/" : "";

	if (rest == NULL)
		rest = "";
	if (!vpd_case_id_valid(id))
		return fits(buf, size, -1);
	if (vpd_layout_spread(t))
		return fits(buf, size, snprintf(buf, size, "cases/%.4s/%s%s%s",
		    id, id + 5, sep, rest));
	return fits(buf, size, snprintf(buf, size, "cases/%s%s%s", id, sep,
	    rest));
}

/* persons/12/ for P1234: the number without its last two digits. */
static long
bucket(const char *pid)
{
	return strtol(pid + 1, NULL, 10) / 100;
}

int
vpd_person_path(vpd_txn *t, const char *pid, char *buf, size_t size)
{
	if (!vpd_person_id_valid(pid))
		return fits(buf, size, -1);
	if (vpd_layout_spread(t))
		return fits(buf, size, snprintf(buf, size,
		    "persons/%02ld/%s.json", bucket(pid), pid));
	return fits(buf, size, snprintf(buf, size, "persons/%s.json", pid));
}

int
vpd_person_load(vpd_txn *t, const char *pid, char *buf, size_t size,
    json_t **out, vpd_error *err)
{
	*out = NULL;
	if (vpd_person_path(t, pid, buf, size) || !vpd_txn_exists(t, buf))
		return vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no person %s in this archive", vpd_person_id_valid(pid) ?
		    pid : "with that id");
	if (vpd_txn_read_json(t, buf, out, err))
		return err->code;
	/* an erased person's file says when, and nothing else */
	if (json_object_get(*out, "gewist")) {
		json_decref(*out);
		*out = NULL;
		return vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, "person "
		    "%s was erased; the archive holds no data on them", pid);
	}
	return 0;
}

int
vpd_person_file_path(vpd_txn *t, const char *file, char *buf, size_t size)
{
	char pid[VPD_ID_MAX];
	size_t n = file ? strlen(file) : 0;

	if (n < 5 || n - 5 >= sizeof(pid) || strcmp(file + n - 5, ".json"))
		return fits(buf, size, -1);
	memcpy(pid, file, n - 5);
	pid[n - 5] = '\0';
	return vpd_person_path(t, pid, buf, size);
}

int
vpd_photo_path(vpd_txn *t, const char *pid, const char *ext, char *buf,
    size_t size)
{
	if (!vpd_person_id_valid(pid) || ext == NULL || strchr(ext, '/'))
		return fits(buf, size, -1);
	if (vpd_layout_spread(t))
		return fits(buf, size, snprintf(buf, size, "photos/%02ld/%s.%s",
		    bucket(pid), pid, ext));
	return fits(buf, size, snprintf(buf, size, "photos/%s.%s", pid, ext));
}

bool
vpd_layout_case_of(const char *path, char id[VPD_ID_MAX], const char **rest)
{
	const char *p, *num;
	size_t n;

	if (strncmp(path, "cases/", 6) != 0)
		return false;
	p = path + 6;
	if (digits(p) != 4 || (p[4] != '-' && p[4] != '/'))
		return false;
	num = p + 5;
	n = digits(num);
	if (n < 4 || n > 8 || num[n] != '/')
		return false;
	snprintf(id, VPD_ID_MAX, "%.4s-%.*s", p, (int)n, num);
	if (rest)
		*rest = num + n + 1;
	return true;
}

/* "P0001.json" and nothing else */
static bool
person_file_name(const char *s)
{
	size_t n = s[0] == 'P' ? digits(s + 1) : 0;

	return n >= 4 && n <= 8 && strcmp(s + 1 + n, ".json") == 0;
}

bool
vpd_layout_person_of(const char *path, char file[VPD_ID_MAX + 5])
{
	const char *p;
	size_t n;

	if (strncmp(path, "persons/", 8) != 0)
		return false;
	p = path + 8;
	if ((n = digits(p)) > 0 && p[n] == '/')
		p += n + 1;            /* persons/12/P1234.json */
	if (!person_file_name(p))
		return false;
	snprintf(file, VPD_ID_MAX + 5, "%s", p);
	return true;
}

/* The names in `dir` that are all digits (year and bucket folders). */
static json_t *
number_folders(vpd_txn *t, const char *dir)
{
	json_t *names = vpd_txn_list(t, dir), *out = json_array(), *v;
	size_t i;

	json_array_foreach(names, i, v) {
		const char *s = json_string_value(v);

		if (*s && s[digits(s)] == '\0' && digits(s) <= 8)
			json_array_append(out, v);
	}
	json_decref(names);
	return out;
}

json_t *
vpd_layout_case_ids(vpd_txn *t)
{
	json_t *out = json_array(), *years, *names, *v, *y;
	size_t i, k;
	char id[VPD_ID_MAX + 8];

	if (!vpd_layout_spread(t)) {
		names = vpd_txn_list(t, "cases");
		json_array_foreach(names, i, v)
			if (vpd_case_id_valid(json_string_value(v)))
				json_array_append(out, v);
		json_decref(names);
		return out;
	}
	years = number_folders(t, "cases");
	json_array_foreach(years, i, y) {
		char dir[32];

		if (strlen(json_string_value(y)) != 4)
			continue;
		snprintf(dir, sizeof(dir), "cases/%s", json_string_value(y));
		names = vpd_txn_list(t, dir);
		json_array_foreach(names, k, v) {
			snprintf(id, sizeof(id), "%s-%s", json_string_value(y),
			    json_string_value(v));
			if (vpd_case_id_valid(id))
				json_array_append_new(out, json_string(id));
		}
		json_decref(names);
	}
	json_decref(years);
	return out;
}

/* Appends the person file names in `dir` to `out`. */
static void
person_files_in(vpd_txn *t, const char *dir, json_t *out)
{
	json_t *names = vpd_txn_list(t, dir), *v;
	size_t i;

	json_array_foreach(names, i, v)
		if (person_file_name(json_string_value(v)))
			json_array_append(out, v);
	json_decref(names);
}

json_t *
vpd_layout_person_files(vpd_txn *t)
{
	json_t *out = json_array(), *buckets, *b;
	size_t i;

	if (!vpd_layout_spread(t)) {
		person_files_in(t, "persons", out);
		return out;
	}
	buckets = number_folders(t, "persons");
	json_array_foreach(buckets, i, b) {
		char dir[32];

		snprintf(dir, sizeof(dir), "persons/%s", json_string_value(b));
		person_files_in(t, dir, out);
	}
	json_decref(buckets);
	return out;
}

/* The largest number after `skip` characters among `names`. */
static long
largest(const json_t *names, size_t skip, const char *prefix)
{
	const json_t *v;
	size_t i, pl = strlen(prefix);
	long max = 0;

	json_array_foreach(names, i, v) {
		const char *s = json_string_value(v);

		if (strlen(s) > skip && strncmp(s, prefix, pl) == 0 &&
		    digits(s + skip) > 0 && digits(s + skip) <= 8) {
			long n = strtol(s + skip, NULL, 10);

			if (n > max)
				max = n;
		}
	}
	return max;
}

void
vpd_layout_next_case(vpd_txn *t, int year, char out[VPD_ID_MAX])
{
	char dir[32], prefix[8];
	json_t *names;
	long max;

	snprintf(prefix, sizeof(prefix), "%04d-", year);
	if (vpd_layout_spread(t)) {
		snprintf(dir, sizeof(dir), "cases/%04d", year);
		names = vpd_txn_list(t, dir);
		max = largest(names, 0, "");
	} else {
		names = vpd_txn_list(t, "cases");
		max = largest(names, 5, prefix);
	}
	json_decref(names);
	snprintf(out, VPD_ID_MAX, "%s%04ld", prefix, max + 1);
}

void
vpd_layout_next_person(vpd_txn *t, char out[VPD_ID_MAX])
{
	json_t *names;
	long max = 0;

	if (vpd_layout_spread(t)) {
		/* the highest bucket that holds a person holds the highest
		 * number */
		json_t *buckets = number_folders(t, "persons");

		while (max == 0 && json_array_size(buckets) > 0) {
			long top = -1;
			size_t at = 0;
			char dir[32];

			for (size_t k = 0; k < json_array_size(buckets); k++) {
				long b = strtol(json_string_value(
				    json_array_get(buckets, k)), NULL, 10);

				if (b > top) {
					top = b;
					at = k;
				}
			}
			snprintf(dir, sizeof(dir), "persons/%s",
			    json_string_value(json_array_get(buckets, at)));
			names = vpd_txn_list(t, dir);
			max = largest(names, 1, "P");
			json_decref(names);
			json_array_remove(buckets, at);
		}
		json_decref(buckets);
	} else {
		names = vpd_txn_list(t, "persons");
		max = largest(names, 1, "P");
		json_decref(names);
	}
	snprintf(out, VPD_ID_MAX, "P%04ld", max + 1);
}
