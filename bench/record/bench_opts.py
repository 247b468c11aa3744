"""bench/record/bench_opts.py: the option parsing the bench/record scripts
share: `--NAME VALUE` pairs taken out of the argument list, the rest (the
rn-record builds to compare, flags) left in it."""


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
