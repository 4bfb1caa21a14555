/*
 * sign.h - ed25519 signatures in the formats stock tools check: git's
 * SSH signatures (`gpgsig` headers that `git log --show-signature` and
 * `ssh-keygen -Y verify` verify with an allowed-signers file) and the
 * public key as an OpenSSH line.
 *
 * The format is OpenSSH's PROTOCOL.sshsig: an armored "SSH SIGNATURE"
 * over the SHA-512 of the message in a namespace ("git" for commits).
 * libsodium does the cryptography; nothing here is hand-made but the
 * framing.
 */
#ifndef VPD_SIGN_H
#define VPD_SIGN_H

#include <stddef.h>

#define VPD_SIGN_PK_BYTES 32
#define VPD_SIGN_SK_BYTES 64

/* A new key pair.  0, or -1 when libsodium cannot start. */
int vpd_sign_keypair(unsigned char pk[VPD_SIGN_PK_BYTES],
    unsigned char sk[VPD_SIGN_SK_BYTES]);

/* The public key as OpenSSH writes it: "ssh-ed25519 AAAA… comment"
 * (comment may be NULL).  Caller frees; NULL when out of memory. */
char *vpd_sign_public_line(const unsigned char pk[VPD_SIGN_PK_BYTES],
    const char *comment);

/*
 * Reads the key of an "ssh-ed25519 AAAA…" line (what follows the key is
 * ignored).  0, or -1 when it is no ed25519 public key.
 */
int vpd_sign_parse_public_line(const char *line,
    unsigned char pk[VPD_SIGN_PK_BYTES]);

/*
 * Signs msg in `namespace` ("git" for commits) and returns the armored
 * signature, "-----BEGIN SSH SIGNATURE-----\n…\n-----END SSH
 * SIGNATURE-----", without a final newline (libgit2's
 * git_commit_create_with_signature() adds the header's own).  Caller
 * frees; NULL when out of memory.
 */
char *vpd_sign_sshsig(const unsigned char sk[VPD_SIGN_SK_BYTES],
    const char *namespace, const void *msg, size_t len);

/*
 * Checks an armored SSH signature over msg in `namespace` made by `pk`.
 * 0 when it holds; -1 when it does not, is malformed, is made by another
 * key, in another namespace or with another hash than sha512 or sha256.
 */
int vpd_sign_sshsig_verify(const char *armored,
    const unsigned char pk[VPD_SIGN_PK_BYTES], const char *namespace,
    const void *msg, size_t len);

/* ---- The archive's keys --------------------------------------------- */

#include "../util/error.h"

/* The namespace of commit signatures (git's) and of checkpoints. */
#define VPD_SIGN_NS_GIT "git"
#define VPD_SIGN_NS_CHECKPOINT "vpd-controlepunt"

/*
 * The secret key file (ARCHIVE/private/signing.key): a first line
 * "vpd-ed25519-secret-key" and the 64-byte libsodium secret key (seed
 * and public key) in base64.  Written mode 0600 through mkstemp and a
 * rename; reading refuses anything else (VPD_EINVALID), VPD_ENOTFOUND
 * when there is no file.
 */
int vpd_sign_key_write(const char *path,
    const unsigned char sk[VPD_SIGN_SK_BYTES], vpd_error *err);
int vpd_sign_key_read(const char *path, unsigned char sk[VPD_SIGN_SK_BYTES],
    vpd_error *err);

/*
 * A line of the archive's allowed-signers file (config/allowed_signers,
 * in the format of ssh-keygen(1) ALLOWED SIGNERS, which git reads with
 * gpg.ssh.allowedSignersFile): `vpd namespaces="git,vpd-controlepunt"
 * ssh-ed25519 AAAA… sleutel-N`, with a final newline.  Caller frees.
 */
char *vpd_sign_allowed_line(const unsigned char pk[VPD_SIGN_PK_BYTES],
    int n);

/*
 * Reads an allowed-signers text: the place of pk among its keys (0 for
 * the first; pk may be NULL), -1 when pk is not there, -2 when a
 * non-empty line holds no ed25519 key.  *count (may be NULL) gets the
 * number of keys, `last` (may be NULL) the last one: the archive's
 * current key.
 */
int vpd_sign_allowed_scan(const char *text, size_t len,
    const unsigned char pk[VPD_SIGN_PK_BYTES], int *count,
    unsigned char last[VPD_SIGN_PK_BYTES]);

#endif
