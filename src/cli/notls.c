/*
 * notls.c - keep libgit2 from loading the system's CA certificates.
 *
 * Debian's libgit2 is built with mbedTLS and, in git_libgit2_init(),
 * parses every certificate of /etc/ssl/certs (about 150 PEM files, 13-20
 * ms), before vpd has done anything.  vpd never talks to a remote through
 * libgit2: the archive is a local repository, and mail goes through
 * libcurl.  So the vpd executable defines the two mbedTLS loaders libgit2
 * calls; the dynamic linker binds libgit2's calls to these (a definition
 * in the executable comes first), and they load nothing.  Were HTTPS ever
 * used through libgit2, no certificate would be trusted and every
 * connection would fail: closed, never open.
 *
 * This must live in the executable, not in libvpd.a, where nothing would
 * pull it in.  docs/performance.md has the measurement.
 */

struct mbedtls_x509_crt;

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
    const char *path);
int mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain,
    const char *path);

int
mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

int
mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}
