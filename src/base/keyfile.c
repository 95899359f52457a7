/* keyfile.c — creating and loading the key file. */
#include "base/keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/crypto.h"
#include "base/mem.h"

int keyfile_ensure(const char *path, bool *created, sg_err *err)
{
	unsigned char key[KEY_LEN];
	char hex[2 * KEY_LEN + 2];

	*created = false;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		return 0;
	if (fd < 0)
		return sg_err_set(err, SG_EINTERNAL, "key_file", NULL, "无法创建密钥文件",
				  "cannot create the key file");
	int rc = crypto_random(key, sizeof key);
	hex_encode(key, sizeof key, hex);
	hex[2 * KEY_LEN] = '\n';
	hex[2 * KEY_LEN + 1] = '\0';
	if (!rc && (write(fd, hex, 2 * KEY_LEN + 1) != 2 * KEY_LEN + 1 || fsync(fd) != 0))
		rc = SG_EINTERNAL;
	close(fd);
	mem_wipe(key, sizeof key);
	mem_wipe(hex, sizeof hex);
	if (rc) {
		unlink(path);
		return sg_err_set(err, rc, "key_file", NULL, "无法写入密钥文件",
				  "cannot write the key file");
	}
	*created = true;
	return 0;
}

static int unhex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int keyfile_load(const char *path, unsigned char key[KEY_LEN], sg_err *err)
{
	char hex[2 * KEY_LEN + 1];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return sg_err_set(err, SG_EINVAL, "key_file", NULL,
				  "找不到密钥文件（请先运行 shegong init）",
				  "the key file is missing (run `shegong init` first)");
	if (fstat(fd, &st) != 0 || (st.st_mode & 077)) {
		close(fd);
		return sg_err_set(err, SG_EINVAL, "key_file", NULL, "密钥文件权限过宽，应为 0600",
				  "the key file must not be readable by others (mode 0600)");
	}
	ssize_t n = read(fd, hex, sizeof hex);
	close(fd);
	int rc = n >= 2 * KEY_LEN ? 0 : SG_EINVAL;
	for (int i = 0; rc == 0 && i < KEY_LEN; i++) {
		int hi = unhex(hex[2 * i]), lo = unhex(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			rc = SG_EINVAL;
		else
			key[i] = (unsigned char)(hi << 4 | lo);
	}
	mem_wipe(hex, sizeof hex);
	if (rc)
		return sg_err_set(err, rc, "key_file", NULL, "密钥文件格式错误",
				  "the key file is malformed");
	return 0;
}
