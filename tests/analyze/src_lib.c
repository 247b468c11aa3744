/* src_lib.c: the shared library and the plugin of src_app.c (built twice,
 * with -DPLUGIN for the dlopen'ed one). */
#include <fcntl.h>
#include <unistd.h>

#ifdef PLUGIN
#define FN plugin_open
#else
#define FN lib_open
#endif

__attribute__((noinline)) int FN(const char *path)
{
	int fd = open(path, O_RDONLY); /* MARK_LIB */
	if (fd >= 0)
		close(fd);
	return fd;
}
