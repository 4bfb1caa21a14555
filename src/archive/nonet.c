/*
 * nonet.c - libgit2 without its network: no CA store, no SSH, no Kerberos.
 *
 * vpd never talks to a remote through libgit2: the archive is a local
 * repository.  Yet Debian's libgit2 brings its whole network with it, and
 * every vpd process paid for it before doing anything:
 *
 * - git_libgit2_init() parses every certificate of /etc/ssl/certs with
 *   mbedTLS (about 150 PEM files, 13-20 ms);
 * - loading libssh2 (and with it OpenSSL's libcrypto) and the Kerberos
 *   libraries for SSH and HTTP Negotiate costs about 10 ms of dynamic
 *   linking: eight libraries and thousands of symbol lookups.
 *
 * So vpd links libgit2 statically (Debian's libgit2-dev ships libgit2.a)
 * and this object, linked into every vpd executable, takes the place of
 * what libgit2 would call there:
 *
 * - the two mbedTLS certificate loaders load nothing, so were HTTPS ever
 *   used, no certificate would be trusted and every connection would
 *   fail: closed, never open;
 * - libssh2_init() and libssh2_exit(), which git_libgit2_init() and its
 *   shutdown call, succeed and do nothing;
 * - every other SSH and GSS-API function libgit2 refers to stops the
 *   process with a message.  None is reachable: they run only when a
 *   remote is fetched or pushed over ssh:// or with Negotiate, and vpd
 *   has no remotes.  (A mirror to an ssh:// remote, should vpd get one,
 *   belongs to stock git and OpenSSH, with the administrator's keys and
 *   known_hosts, not to libgit2; a mirror to a path needs no network.)
 *
 * It must not live in libvpd.a: the linker reads libvpd.a before
 * libgit2.a and would not go back to it for what libgit2.a needs, so the
 * Makefile names this object on every link line.  Its mbedTLS loaders
 * replace the real ones for the whole process (vpd itself only hashes
 * with mbedcrypto).  docs/performance.md has the measurements.  With the
 * shared libgit2 (where no libgit2.a exists) the same definitions still
 * take the place of the shared libraries' ones.
 */
#include <stdio.h>
#include <stdlib.h>

struct mbedtls_x509_crt;

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
    const char *path);
int mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain,
    const char *path);
int libssh2_init(int flags);
void libssh2_exit(void);

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

int
libssh2_init(int flags)
{
	(void)flags;
	return 0;
}

void
libssh2_exit(void)
{
}

static void
never(const char *name)
{
	fprintf(stderr, "vpd: internal error: libgit2 called %s; vpd is "
	    "built without SSH and Kerberos\n", name);
	abort();
}

/* Declared without parameters on purpose: never called with any. */
#define NEVER(name) \
	void name(void); \
	void name(void) { never(#name); }

NEVER(libssh2_agent_connect)
NEVER(libssh2_agent_disconnect)
NEVER(libssh2_agent_free)
NEVER(libssh2_agent_get_identity)
NEVER(libssh2_agent_init)
NEVER(libssh2_agent_list_identities)
NEVER(libssh2_agent_userauth)
NEVER(libssh2_channel_close)
NEVER(libssh2_channel_free)
NEVER(libssh2_channel_open_ex)
NEVER(libssh2_channel_process_startup)
NEVER(libssh2_channel_read_ex)
NEVER(libssh2_channel_set_blocking)
NEVER(libssh2_channel_write_ex)
NEVER(libssh2_hostkey_hash)
NEVER(libssh2_knownhost_checkp)
NEVER(libssh2_knownhost_free)
NEVER(libssh2_knownhost_init)
NEVER(libssh2_knownhost_readfile)
NEVER(libssh2_session_abstract)
NEVER(libssh2_session_disconnect_ex)
NEVER(libssh2_session_free)
NEVER(libssh2_session_handshake)
NEVER(libssh2_session_hostkey)
NEVER(libssh2_session_init_ex)
NEVER(libssh2_session_last_error)
NEVER(libssh2_session_method_pref)
NEVER(libssh2_session_set_blocking)
NEVER(libssh2_userauth_authenticated)
NEVER(libssh2_userauth_keyboard_interactive_ex)
NEVER(libssh2_userauth_list)
NEVER(libssh2_userauth_password_ex)
NEVER(libssh2_userauth_publickey)
NEVER(libssh2_userauth_publickey_fromfile_ex)
NEVER(libssh2_userauth_publickey_frommemory)
NEVER(gss_delete_sec_context)
NEVER(gss_display_status)
NEVER(gss_import_name)
NEVER(gss_indicate_mechs)
NEVER(gss_init_sec_context)
NEVER(gss_release_buffer)
NEVER(gss_release_name)
NEVER(gss_release_oid_set)

/* A gss_OID in libgit2's eyes; only its address is ever taken. */
void *GSS_C_NT_HOSTBASED_SERVICE;
void *GSS_C_NT_HOSTBASED_SERVICE = NULL;
