/* proc.c — posix_spawnp and wait. */
#include "base/proc.h"

#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "base/mem.h"

extern char **environ;

int proc_run(const char *const argv[], const char *const extra_env[], sg_err *err)
{
	size_t n_env = 0, n_extra = 0;
	pid_t pid;
	int status = 0;

	while (environ[n_env])
		n_env++;
	while (extra_env && extra_env[n_extra])
		n_extra++;
	char **env = xcalloc(n_env + n_extra + 1, sizeof *env);
	size_t k = 0;
	for (size_t i = 0; i < n_env; i++) {
		/* extra_env overrides a variable of the same name */
		const char *eq = strchr(environ[i], '=');
		size_t name = eq ? (size_t)(eq - environ[i]) + 1 : strlen(environ[i]);
		bool overridden = false;
		for (size_t j = 0; j < n_extra && !overridden; j++)
			overridden = strncmp(extra_env[j], environ[i], name) == 0;
		if (!overridden)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < n_extra; j++)
		env[k++] = (char *)extra_env[j];
	env[k] = NULL;

	int rc = posix_spawnp(&pid, argv[0], NULL, NULL, (char *const *)argv, env);
	free(env);
	if (rc != 0)
		return sg_err_setf(err, SG_EINTERNAL, NULL, NULL, "无法运行 %s（是否已安装？）",
				   "cannot run %s (is it installed?)", argv[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return sg_err_setf(err, SG_EINTERNAL, NULL, NULL, "%s 执行失败", "%s failed",
				   argv[0]);
	return 0;
}
