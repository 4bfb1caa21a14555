/*
 * mirror.c - copies of the archive elsewhere: the mirrors named by
 * vpd.mirror in the archive's config, and `git push` to them.
 *
 * A push is stock git's (`git push`, which speaks to a path, a file://
 * URL or an ssh remote with the machine's ssh configuration): vpd links
 * no network code (nonet.c).  Only fast-forwards are pushed, so a mirror
 * refuses a history that was rewritten here, and a history rewritten on
 * the mirror stops the pushes: either way, somebody hears of it.
 */
#define _GNU_SOURCE
#include "archive.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_MIRRORS 8
#define GIT_TIMEOUT 600         /* seconds a git command may take */

static int
fail(vpd_error *err, const char *what)
{
	const git_error *e = git_error_last();

	return vpd_error_set(err, VPD_EIO, NULL, 0, 0, "%s: %s", what,
	    e && e->message ? e->message : "libgit2 error");
}

static int
open_repo(vpd_archive *a, git_repository **repo, vpd_error *err)
{
	if (git_repository_open_ext(repo, vpd_archive_path(a),
	    GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, NULL) < 0)
		return fail(err, "opening the archive");
	return 0;
}

static int run_git(vpd_archive *a, const char *const *args, char **complaint,
    vpd_error *err);

static int
collect(const git_config_entry *e, void *ud)
{
	if (json_array_size(ud) < MAX_MIRRORS)
		json_array_append_new(ud, json_string(e->value));
	return 0;
}

int
vpd_archive_mirrors(vpd_archive *a, json_t **urls, vpd_error *err)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	int grc, rc = 0;

	*urls = json_array();
	if ((rc = open_repo(a, &repo, err)))
		return rc;
	if (git_repository_config_snapshot(&cfg, repo) < 0) {
		rc = fail(err, "reading the archive's config");
	} else {
		grc = git_config_get_multivar_foreach(cfg, "vpd.mirror", NULL,
		    collect, *urls);
		if (grc < 0 && grc != GIT_ENOTFOUND)
			rc = fail(err, "reading vpd.mirror");
	}
	git_error_clear();
	git_config_free(cfg);
	git_repository_free(repo);
	return rc;
}

/* A mirror's URL: a path or a URL git takes, that no option or shell
 * can read as anything else. */
static int
check_url(const char *url, vpd_error *err)
{
	size_t n = url ? strlen(url) : 0;

	if (n == 0 || n > 1000 || url[0] == '-')
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "a mirror is a path or a URL (1 to 1,000 characters, not "
		    "starting with '-')");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] < 0x20 || url[i] == 0x7f)
			return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
			    "a mirror's URL holds a control character");
	/* "ext::…" and other transport helpers run commands: only paths,
	 * file://, ssh and https (GIT_ALLOW_PROTOCOL says so to git too) */
	if (strstr(url, "::") || (strstr(url, "://") && strncmp(url,
	    "file://", 7) != 0 && strncmp(url, "ssh://", 6) != 0 &&
	    strncmp(url, "https://", 8) != 0))
		return vpd_error_set(err, VPD_EINVALID, NULL, 0, 0,
		    "a mirror is a path, or a file://, ssh:// (or "
		    "host:path) or https:// URL");
	/* a password in the URL would be printed and stored with it */
	{
		const char *host = strstr(url, "://"), *at, *end;

		if (host) {
			host += 3;
			end = host + strcspn(host, "/");
			at = memchr(host, '@', (size_t)(end - host));
			if (at && memchr(host, ':', (size_t)(at - host)))
				return vpd_error_set(err, VPD_EINVALID, NULL,
				    0, 0, "a mirror's URL may not hold a "
				    "password: use an ssh key, or git's "
				    "credential helper");
		}
	}
	return 0;
}

int
vpd_archive_mirror_set(vpd_archive *a, const char *url, bool add,
    vpd_error *err)
{
	json_t *have = NULL, *v;
	bool known = false;
	size_t i;
	int rc;

	if ((rc = check_url(url, err)) ||
	    (rc = vpd_archive_mirrors(a, &have, err))) {
		json_decref(have);
		return rc;
	}
	json_array_foreach(have, i, v)
		if (strcmp(json_string_value(v), url) == 0)
			known = true;
	if (add && (known || json_array_size(have) >= MAX_MIRRORS))
		rc = vpd_error_set(err, VPD_EREFUSED, NULL, 0, 0, known ?
		    "that mirror is there already" : "at most %d mirrors",
		    MAX_MIRRORS);
	else if (!add && !known)
		rc = vpd_error_set(err, VPD_ENOTFOUND, NULL, 0, 0,
		    "no such mirror");
	json_decref(have);
	if (rc)
		return rc;
	/* stock git: libgit2 1.5 leaks in its value-matching config calls */
	{
		char *complaint = NULL;

		if ((rc = run_git(a, add ? (const char *const[]){"config",
		    "--add", "vpd.mirror", url, NULL} : (const char *const[]){
		    "config", "--fixed-value", "--unset", "vpd.mirror", url,
		    NULL}, &complaint, err)))
			return rc;
		if (complaint) {
			rc = vpd_error_set(err, VPD_EIO, NULL, 0, 0,
			    "git config: %s", complaint);
			free(complaint);
		}
	}
	return rc;
}

int
vpd_archive_tag(vpd_archive *a, const char *target, const char *name,
    const char *message, vpd_time when, char id[VPD_OID_HEX],
    vpd_error *err)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	git_signature *sig = NULL;
	git_oid oid;
	int rc = 0;

	id[0] = '\0';
	if ((rc = open_repo(a, &repo, err)))
		return rc;
	if (git_oid_fromstr(&oid, target) < 0 ||
	    git_object_lookup(&obj, repo, &oid, GIT_OBJECT_COMMIT) < 0 ||
	    git_signature_new(&sig, "vpd", "vpd@vpd.invalid",
	    (git_time_t)when, 0) < 0 ||
	    git_tag_annotation_create(&oid, repo, name, obj, sig, message) < 0)
		rc = fail(err, "making the checkpoint's tag");
	else
		git_oid_tostr(id, VPD_OID_HEX, &oid);
	git_signature_free(sig);
	git_object_free(obj);
	git_repository_free(repo);
	return rc;
}

/* environ with GIT_TERMINAL_PROMPT=0 and, unless set, an ssh that never
 * asks: a push runs unattended. */
static char **
push_env(void)
{
	size_t n = 0;
	char **env;

	while (environ[n])
		n++;
	if ((env = calloc(n + 4, sizeof(*env))) == NULL)
		return NULL;
	n = 0;
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "GIT_TERMINAL_PROMPT=", 20) != 0 &&
		    strncmp(*e, "GIT_ALLOW_PROTOCOL=", 19) != 0)
			env[n++] = *e;
	env[n++] = (char *)"GIT_TERMINAL_PROMPT=0";
	env[n++] = (char *)"GIT_ALLOW_PROTOCOL=file:ssh:https";
	if (getenv("GIT_SSH_COMMAND") == NULL && getenv("GIT_SSH") == NULL)
		env[n++] = (char *)"GIT_SSH_COMMAND=ssh -o BatchMode=yes "
		    "-o ConnectTimeout=30 -o ServerAliveInterval=15 "
		    "-o ServerAliveCountMax=4";
	return env;
}

/*
 * Runs `git --git-dir ARCHIVE ARGS…` (at most 8), unattended.  0 with
 * *complaint NULL when it exits 0; 0 with *complaint (what git said,
 * scrubbed; caller frees) when it fails; VPD_EIO when it cannot run.
 */
static int
run_git(vpd_archive *a, const char *const *args, char **complaint,
    vpd_error *err)
{
	char *argv[12];
	int na = 0;

	argv[na++] = (char *)"git";
	argv[na++] = (char *)"--git-dir";
	argv[na++] = (char *)vpd_archive_path(a);
	for (int i = 0; args[i] && na < 11; i++)
		argv[na++] = (char *)args[i];
	argv[na] = NULL;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char buf[2048], **env;
	size_t got = 0;
	bool timed_out = false;
	int fds[2], rc, status;
	pid_t pid;
	ssize_t n;

	*complaint = NULL;
	if ((env = push_env()) == NULL)
		return vpd_error_set(err, VPD_ENOMEM, NULL, 0, 0,
		    "out of memory");
	if (pipe2(fds, O_CLOEXEC) != 0) {
		free(env);
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "cannot start git: %s", strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	/* its own process group, so that a time-out stops ssh as well */
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	rc = posix_spawnp(&pid, "git", &fa, &attr, argv, env);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
		    "cannot start git: %s", strerror(rc));
	}
	/* what git says, as much as fits; the rest is read and dropped.  A
	 * git (or ssh) that hangs is stopped after GIT_TIMEOUT seconds: a
	 * mirror that does not answer must not hold the pushes up for good */
	for (time_t end = time(NULL) + GIT_TIMEOUT;;) {
		struct pollfd pfd = {fds[0], POLLIN, 0};
		char chunk[512];
		int left = (int)(end - time(NULL)), pr;

		if (left <= 0 || (pr = poll(&pfd, 1, left * 1000)) == 0) {
			kill(-pid, SIGKILL);
			timed_out = true;
			break;
		}
		if (pr < 0 && errno == EINTR)
			continue;
		if ((n = read(fds[0], chunk, sizeof(chunk))) < 0 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((size_t)n > sizeof(buf) - 1 - got)
			n = (ssize_t)(sizeof(buf) - 1 - got);
		memcpy(buf + got, chunk, (size_t)n);
		got += (size_t)n;
	}
	close(fds[0]);
	buf[got] = '\0';
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return vpd_error_set(err, VPD_EIO, NULL, 0, 0,
			    "waiting for git: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !timed_out)
		return 0;
	vpd_scrub(buf);
	if (timed_out)
		snprintf(buf, sizeof(buf), "no answer within %d s: stopped",
		    GIT_TIMEOUT);
	*complaint = strdup(got || timed_out ? buf : "git failed");
	return 0;
}

int
vpd_archive_push(vpd_archive *a, const char *url, const char *refspec,
    char **complaint, vpd_error *err)
{
	int rc;

	*complaint = NULL;
	if ((rc = check_url(url, err)))
		return rc;
	return run_git(a, (const char *const[]){"push", "--quiet", "--", url,
	    refspec, NULL}, complaint, err);
}
