"""bench/record/bench_opts.py: what the bench/record scripts share: the
option parsing (`--NAME VALUE` pairs taken out of the argument list, the rest
(the rn-record builds to compare, flags) left in it) and the small C project
their `make -j2` workload rebuilds."""
import os


def take_opts(args, names):
    """Removes each of names given as `NAME VALUE` from args (a list, changed
    in place) and returns {NAME: VALUE} for those given."""
    opt = {}
    for k in names:
        if k in args:
            i = args.index(k)
            opt[k] = args[i + 1]
            del args[i:i + 2]
    return opt


MAKE_CMD = ["make", "-s", "-B", "-j2", "-C", "proj"]


def make_project():
    """Writes proj/ in the current directory: six C files, a main and a
    Makefile, for MAKE_CMD (rebuilt each run, -B)."""
    os.mkdir("proj")
    for i in range(6):
        with open("proj/m%d.c" % i, "w") as f:
            f.write("#include <stdio.h>\n#include <string.h>\n"
                    "int f%d(const char *s) { char b[64]; snprintf(b, sizeof b, \"%%s-%d\", s);"
                    " return (int)strlen(b); }\n" % (i, i))
    with open("proj/main.c", "w") as f:
        f.write("".join("int f%d(const char *);\n" % i for i in range(6)) +
                "int main(void) { return (" + " + ".join("f%d(\"x\")" % i for i in range(6)) +
                ") == 0; }\n")
    with open("proj/Makefile", "w") as f:
        objs = " ".join("m%d.o" % i for i in range(6)) + " main.o"
        f.write("prog: %s\n\tcc -o $@ $^\n%%.o: %%.c\n\tcc -O1 -c -o $@ $<\n" % objs)
