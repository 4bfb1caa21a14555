/*
 * layout.h - where a case's, a person's and a photo's files are in the
 * archive tree.
 *
 * Archives made from now on spread cases and persons over small folders,
 * so that a commit rewrites a few small trees instead of one tree that
 * names every case (docs/archive.md, "Layout"):
 *
 *   cases/2026/0001/case.json      case 2026-0001: by year, then number
 *   persons/12/P1234.json          person P1234: by hundreds
 *   photos/12/P1234.jpeg           that person's photo
 *
 * The tree file config/formaat.json ({"formaat": 2}) says so.  An archive
 * without it keeps the flat layout it was made with (cases/2026-0001/,
 * persons/P1234.json, photos/P1234.jpeg): replaying its history must give
 * the same trees.
 *
 * Ids are checked here: a text that is not a case id ("2026-0001") or a
 * person id ("P0001") names no file, so no id can reach another path.
 */
#ifndef VPD_LAYOUT_H
#define VPD_LAYOUT_H

#include <jansson.h>
#include <stdbool.h>

#include "../archive/archive.h"

/* The largest case or person id, with its terminating NUL. */
#define VPD_ID_MAX 16

#define VPD_LAYOUT_FILE "config/formaat.json"
#define VPD_LAYOUT_SPREAD 2

/* The tree file that says the archive seals personal data (seal.h,
 * sealing.c), and whether it does as the transaction sees it. */
#define VPD_SEAL_MARK "config/versleuteling.json"
bool vpd_layout_sealed(vpd_txn *t);

/* Whether the archive as the transaction sees it uses spread folders. */
bool vpd_layout_spread(vpd_txn *t);

/* "2026-0001": four digits, a dash, four to eight digits. */
bool vpd_case_id_valid(const char *id);
/* "P0001": a P and four to eight digits. */
bool vpd_person_id_valid(const char *id);

/*
 * The path of `rest` ("case.json", "events/0001.json", or "" for the
 * folder itself) in the folder of case `id`.  Returns -1, with an empty
 * buf, when id is not a case id or the path does not fit.
 */
int vpd_case_path(vpd_txn *t, const char *id, const char *rest, char *buf,
    size_t size);

/* The person file of `pid` (persons/.../P0001.json); -1 as above. */
int vpd_person_path(vpd_txn *t, const char *pid, char *buf, size_t size);

/* Reads the person file of `pid` into *out, its path into buf:
 * VPD_ENOTFOUND ("no person P0001 in this archive") when there is none. */
int vpd_person_load(vpd_txn *t, const char *pid, char *buf, size_t size,
    json_t **out, vpd_error *err);

/* The person file of a file name as the indexes hold it ("P0001.json"). */
int vpd_person_file_path(vpd_txn *t, const char *file, char *buf,
    size_t size);

/* Where the photo of `pid` of type `ext` ("jpeg", "png") is stored. */
int vpd_photo_path(vpd_txn *t, const char *pid, const char *ext, char *buf,
    size_t size);

/*
 * Whose file a path is: the case id of any path in a case's folder (then
 * *rest points after the folder's slash), or the person file name
 * ("P0001.json") of a person file.  Return false for any other path.
 */
bool vpd_layout_case_of(const char *path, char id[VPD_ID_MAX],
    const char **rest);
bool vpd_layout_person_of(const char *path, char file[VPD_ID_MAX + 5]);

/* Every case id (a new array), in order; every person file name. */
json_t *vpd_layout_case_ids(vpd_txn *t);
json_t *vpd_layout_person_files(vpd_txn *t);

/* The id a new case opened in `year` gets, and a new person. */
void vpd_layout_next_case(vpd_txn *t, int year, char out[VPD_ID_MAX]);
void vpd_layout_next_person(vpd_txn *t, char out[VPD_ID_MAX]);

#endif
