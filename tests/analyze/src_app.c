/* src_app.c: a tracee with syscalls at known lines (the MARK comments) in
 * the program, in a shared library and in a dlopen'ed plugin, for the
 * --source tests. */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int lib_open(const char *path);

__attribute__((noinline)) int app_open(const char *path)
{
	int fd = open(path, O_RDONLY); /* MARK_APP */
	if (fd >= 0)
		close(fd);
	return fd;
}

int main(int argc, char **argv)
{
	int r = app_open("/rn-test-app");
	r += lib_open("/rn-test-lib");
	void *h = argc > 1 ? dlopen(argv[1], RTLD_NOW) : NULL;
	int (*plugin)(const char *) = h ? (int (*)(const char *))dlsym(h, "plugin_open") : NULL;
	if (!plugin) {
		fprintf(stderr, "src_app: no plugin\n");
		return 1;
	}
	r += plugin("/rn-test-plugin");
	return r == -3 ? 0 : 1;
}
