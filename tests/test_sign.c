/*
 * test_sign.c - SSH signatures (PROTOCOL.sshsig) over ed25519: they
 * verify, a changed message, namespace or key does not, and stock
 * OpenSSH agrees in both directions (ssh-keygen -Y verify / -Y sign).
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scratch.h"
#include "../src/sign/sign.h"

static const char msg[] = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
    "author C. Coördinator <c@vpd.invalid> 1795000000 +0100\n\nZaak\n";

static int
setup(void **state)
{
	(void)state;
	return scratch_make("sign");
}

static int
teardown(void **state)
{
	(void)state;
	scratch_remove();
	return 0;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 65536);
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
test_sign__signs_and_verifies(void **state)
{
	unsigned char pk[VPD_SIGN_PK_BYTES], sk[VPD_SIGN_SK_BYTES];
	unsigned char other_pk[VPD_SIGN_PK_BYTES], other_sk[VPD_SIGN_SK_BYTES];
	unsigned char back[VPD_SIGN_PK_BYTES];
	char *sig, *line, *bad;

	(void)state;
	assert_int_equal(vpd_sign_keypair(pk, sk), 0);
	assert_int_equal(vpd_sign_keypair(other_pk, other_sk), 0);
	sig = vpd_sign_sshsig(sk, "git", msg, strlen(msg));
	assert_non_null(sig);
	assert_true(strncmp(sig, "-----BEGIN SSH SIGNATURE-----\n", 30) == 0);
	assert_non_null(strstr(sig, "\n-----END SSH SIGNATURE-----"));
	assert_int_equal(sig[strlen(sig) - 1], '-');
	assert_int_equal(vpd_sign_sshsig_verify(sig, pk, "git", msg,
	    strlen(msg)), 0);
	/* another message, namespace or key */
	assert_int_equal(vpd_sign_sshsig_verify(sig, pk, "git", msg,
	    strlen(msg) - 1), -1);
	assert_int_equal(vpd_sign_sshsig_verify(sig, pk, "file", msg,
	    strlen(msg)), -1);
	assert_int_equal(vpd_sign_sshsig_verify(sig, other_pk, "git", msg,
	    strlen(msg)), -1);
	/* a changed byte in the armor */
	bad = strdup(sig);
	bad[60] = bad[60] == 'A' ? 'B' : 'A';
	assert_int_equal(vpd_sign_sshsig_verify(bad, pk, "git", msg,
	    strlen(msg)), -1);
	free(bad);
	/* garbage, and a cut signature */
	assert_int_equal(vpd_sign_sshsig_verify("not a signature", pk, "git",
	    msg, strlen(msg)), -1);
	bad = strdup(sig);
	strcpy(strstr(bad, "\n-----END") - 20, "\n-----END SSH SIGNATURE-----");
	assert_int_equal(vpd_sign_sshsig_verify(bad, pk, "git", msg,
	    strlen(msg)), -1);
	free(bad);
	/* END sharing BEGIN's dashes */
	assert_int_equal(vpd_sign_sshsig_verify("-----BEGIN SSH SIGNATURE---"
	    "--END SSH SIGNATURE-----", pk, "git", msg, strlen(msg)), -1);
	/* a hash name with a NUL inside ("sha512\0XYZ"), which OpenSSH
	 * refuses, is refused here too */
	{
		unsigned char blob[1024], forged[1024];
		size_t bl = 0, at, fl;
		const char *b = strchr(sig, '\n') + 1;
		char *end = strstr(sig, "\n-----END"), b64[2048], armored[4096];

		assert_int_equal(sodium_base642bin(blob, sizeof(blob), b,
		    (size_t)(end - b), "\n", &bl, NULL,
		    sodium_base64_VARIANT_ORIGINAL), 0);
		for (at = 0; at + 10 < bl; at++)
			if (memcmp(blob + at, "\0\0\0\6sha512", 10) == 0)
				break;
		assert_true(at + 10 < bl);
		memcpy(forged, blob, at);
		memcpy(forged + at, "\0\0\0\12sha512\0XYZ", 14);
		memcpy(forged + at + 14, blob + at + 10, bl - at - 10);
		fl = bl + 4;
		sodium_bin2base64(b64, sizeof(b64), forged, fl,
		    sodium_base64_VARIANT_ORIGINAL);
		snprintf(armored, sizeof(armored), "-----BEGIN SSH SIGNATURE---"
		    "--\n%s\n-----END SSH SIGNATURE-----", b64);
		assert_int_equal(vpd_sign_sshsig_verify(armored, pk, "git",
		    msg, strlen(msg)), -1);
	}
	/* the public line round trip */
	line = vpd_sign_public_line(pk, "archief");
	assert_non_null(line);
	assert_true(strncmp(line, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", 37)
	    == 0);
	assert_int_equal(vpd_sign_parse_public_line(line, back), 0);
	assert_memory_equal(back, pk, sizeof(pk));
	assert_int_equal(vpd_sign_parse_public_line("ssh-rsa AAAA x", back),
	    -1);
	assert_int_equal(vpd_sign_parse_public_line("ssh-ed25519 !!!", back),
	    -1);
	free(line);
	free(sig);
}

/* Stock OpenSSH verifies what vpd signs, and vpd what OpenSSH signs. */
static void
test_sign__openssh_agrees(void **state)
{
	unsigned char pk[VPD_SIGN_PK_BYTES], sk[VPD_SIGN_SK_BYTES];
	char cmd[2048], *sig, *line, *pub, *theirs;
	char allowed[512], sigfile[512], msgfile[512], key[512];
	FILE *f;

	(void)state;
	/* scratch_path() reuses one buffer */
	snprintf(allowed, sizeof(allowed), "%s", scratch_path("allowed"));
	snprintf(sigfile, sizeof(sigfile), "%s", scratch_path("msg.sig"));
	snprintf(msgfile, sizeof(msgfile), "%s", scratch_path("msg"));
	snprintf(key, sizeof(key), "%s", scratch_path("key"));
	if (system("command -v ssh-keygen >/dev/null 2>&1") != 0)
		skip();
	assert_int_equal(vpd_sign_keypair(pk, sk), 0);
	sig = vpd_sign_sshsig(sk, "git", msg, strlen(msg));
	line = vpd_sign_public_line(pk, NULL);
	write_file(scratch_path("msg"), msg, strlen(msg));
	f = fopen(scratch_path("msg.sig"), "w");
	fprintf(f, "%s\n", sig);
	fclose(f);
	f = fopen(scratch_path("allowed"), "w");
	fprintf(f, "archief@vpd namespaces=\"git\" %s\n", line);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "ssh-keygen -Y verify -f %s -I archief@vpd "
	    "-n git -s %s <%s >/dev/null 2>&1", allowed, sigfile, msgfile);
	assert_int_equal(system(cmd), 0);
	/* a changed message fails there too */
	write_file(scratch_path("msg"), msg, strlen(msg) - 1);
	assert_int_not_equal(system(cmd), 0);
	/* and the other way round (ssh-keygen does not overwrite a .sig) */
	write_file(scratch_path("msg"), msg, strlen(msg));
	remove(sigfile);
	snprintf(cmd, sizeof(cmd), "ssh-keygen -q -t ed25519 -N '' -C x -f %s "
	    "&& ssh-keygen -Y sign -f %s -n git %s >/dev/null 2>&1", key, key,
	    msgfile);
	assert_int_equal(system(cmd), 0);
	pub = read_file(scratch_path("key.pub"));
	theirs = read_file(scratch_path("msg.sig"));
	assert_int_equal(vpd_sign_parse_public_line(pub, pk), 0);
	assert_int_equal(vpd_sign_sshsig_verify(theirs, pk, "git", msg,
	    strlen(msg)), 0);
	assert_int_equal(vpd_sign_sshsig_verify(theirs, pk, "file", msg,
	    strlen(msg)), -1);
	free(pub);
	free(theirs);
	free(line);
	free(sig);
}

/* The secret key file: what is written is read back, mode 0600; a
 * damaged or foreign file is refused, never half-read. */
static void
test_sign__key_file(void **state)
{
	unsigned char pk[VPD_SIGN_PK_BYTES], sk[VPD_SIGN_SK_BYTES],
	    back[VPD_SIGN_SK_BYTES];
	char path[512];
	struct stat st;
	vpd_error err;
	FILE *f;

	(void)state;
	assert_int_equal(vpd_sign_keypair(pk, sk), 0);
	snprintf(path, sizeof(path), "%s", scratch_path("signing.key"));
	assert_int_equal(vpd_sign_key_write(path, sk, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(vpd_sign_key_read(path, back, &err), 0);
	assert_memory_equal(sk, back, sizeof(sk));
	/* a public half that is not the seed's */
	back[63] ^= 1;
	assert_int_equal(vpd_sign_key_write(path, back, &err), 0);
	assert_int_equal(vpd_sign_key_read(path, back, &err), VPD_EINVALID);
	f = fopen(path, "w");
	fputs("vpd-ed25519-secret-key\nAAAA\n", f);
	fclose(f);
	assert_int_equal(vpd_sign_key_read(path, back, &err), VPD_EINVALID);
	f = fopen(path, "w");
	fputs("-----BEGIN OPENSSH PRIVATE KEY-----\n", f);
	fclose(f);
	assert_int_equal(vpd_sign_key_read(path, back, &err), VPD_EINVALID);
	assert_int_equal(vpd_sign_key_read(scratch_path("none"), back, &err),
	    VPD_ENOTFOUND);
}

/* Allowed-signers lines: made and read back in order, the current key
 * last; a line without a key makes the whole file malformed. */
static void
test_sign__allowed_signers(void **state)
{
	unsigned char pk1[32], pk2[32], sk[64], got[2][32];
	char *l1, *l2, text[1024];
	int n = -1;

	(void)state;
	assert_int_equal(vpd_sign_keypair(pk1, sk), 0);
	assert_int_equal(vpd_sign_keypair(pk2, sk), 0);
	l1 = vpd_sign_allowed_line(pk1, 1);
	l2 = vpd_sign_allowed_line(pk2, 2);
	assert_non_null(strstr(l1, "vpd namespaces=\"git,vpd-controlepunt\" "
	    "ssh-ed25519 "));
	assert_non_null(strstr(l2, " sleutel-2\n"));
	snprintf(text, sizeof(text), "%s\n%s", l1, l2);
	assert_int_equal(vpd_sign_allowed_scan(text, strlen(text), pk2, &n,
	    got[0]), 1);
	assert_int_equal(n, 2);
	assert_memory_equal(got[0], pk2, 32);      /* the current key */
	assert_int_equal(vpd_sign_allowed_scan(text, strlen(text), pk1, NULL,
	    NULL), 0);
	assert_int_equal(vpd_sign_keypair(got[1], sk), 0);
	assert_int_equal(vpd_sign_allowed_scan(text, strlen(text), got[1],
	    NULL, NULL), -1);
	assert_int_equal(vpd_sign_allowed_scan("", 0, NULL, &n, NULL), -1);
	assert_int_equal(n, 0);
	snprintf(text, sizeof(text), "%sjust words\n", l1);
	assert_int_equal(vpd_sign_allowed_scan(text, strlen(text), pk1, NULL,
	    NULL), -2);
	free(l1);
	free(l2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign__signs_and_verifies),
		cmocka_unit_test(test_sign__openssh_agrees),
		cmocka_unit_test(test_sign__key_file),
		cmocka_unit_test(test_sign__allowed_signers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
