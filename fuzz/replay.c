/*
 * replay.c — runs LLVMFuzzerTestOneInput over files without libFuzzer, so the
 * corpus in fuzz/corpus/ is replayed by the ordinary test suite with any
 * compiler, gcc included, with or without ASan/UBSan.
 *
 *   replay FILE|DIR...
 *
 * A directory stands for the regular files directly in it. Exits 0 when every
 * input ran (a failed property aborts inside the harness), 1 if a file could
 * not be read, 2 on bad usage. Prints "replayed N inputs" at the end.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs larger than this are refused rather than read: the corpus holds
 * small files, and libFuzzer's default -max_len is 4096. */
#define REPLAY_MAX (1 << 20)

static size_t replayed;

/* Returns 0 if path was read and run, -1 (after a message) otherwise. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc = -1;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc(REPLAY_MAX + 1);
	if (!buf)
		abort();
	len = fread(buf, 1, REPLAY_MAX + 1, f);
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		goto cleanup;
	}
	if (len > REPLAY_MAX) {
		fprintf(stderr, "replay: %s: larger than %d bytes\n", path, REPLAY_MAX);
		goto cleanup;
	}
	/* Copy to an exact-size allocation so ASan sees reads past the end. */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (!exact)
			abort();
		memcpy(exact, buf, len);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	replayed++;
	rc = 0;
cleanup:
	free(buf);
	fclose(f);
	return rc;
}

/* Returns 0 if every regular file in dir was run, -1 otherwise. */
static int replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		int n;

		if (e->d_name[0] == '.')
			continue;
		n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (n < 0 || (size_t)n >= sizeof path) {
			fprintf(stderr, "replay: path too long in %s\n", dir);
			rc = -1;
			continue;
		}
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (replay_file(path) != 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i]) != 0)
				rc = 1;
		} else if (replay_file(argv[i]) != 0) {
			rc = 1;
		}
	}
	printf("replayed %zu inputs\n", replayed);
	return rc;
}
