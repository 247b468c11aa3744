#!/usr/bin/env python3
"""argnames_from_man.py: prints AN(...) rows for format/data/argnames.def from
the section-2 man pages' prototypes (manpages-dev) of the syscalls in
format/data/syscalls.def; the syscalls it cannot find are listed on stderr
and were named by hand. Run from the repository root:
    python3 format/gen/argnames_from_man.py > rows.txt"""
import re, subprocess, sys
defs = open('format/data/syscalls.def').read()
scs = re.findall(r'^SC\(([a-z0-9_]+), (\d+)', defs, re.M)
alias = {'newfstatat':'fstatat','pread64':'pread','pwrite64':'pwrite','exit_group':'exit_group',
 'rt_sigaction':'sigaction','rt_sigprocmask':'sigprocmask','rt_sigreturn':'sigreturn','rt_sigsuspend':'sigsuspend',
 'rt_sigpending':'sigpending','rt_sigtimedwait':'sigtimedwait','rt_sigqueueinfo':'rt_sigqueueinfo',
 'rt_tgsigqueueinfo':'rt_tgsigqueueinfo','fadvise64':'posix_fadvise','_newselect':'select','pselect6':'pselect',
 'ppoll':'ppoll','getdents64':'getdents64','prlimit64':'prlimit','sync_file_range':'sync_file_range',
 'umount2':'umount2','clock_nanosleep':'clock_nanosleep','epoll_pwait':'epoll_pwait','wait4':'wait4',
 'mmap':'mmap','sendfile':'sendfile','getcwd':'getcwd','statfs':'statfs'}
def man(name):
    r = subprocess.run(['man','2',name],capture_output=True,text=True,env={'MANWIDTH':'200','PATH':'/usr/bin:/bin'})
    t = subprocess.run(['col','-b'],input=r.stdout,capture_output=True,text=True).stdout
    m = re.search(r'SYNOPSIS(.*?)\n(DESCRIPTION|   Feature)', t, re.S)
    return m.group(1) if m else ''
out=[]; missing=[]
for name, n in scs:
    n=int(n)
    mname = alias.get(name, name)
    syn = man(mname)
    syn = re.sub(r'/\*.*?\*/','',syn, flags=re.S)
    syn = ' '.join(syn.split())
    best=None
    pats=[r'[\s\*]'+re.escape(mname)+r'\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*;',
          r'syscall\(\s*SYS_'+re.escape(name)+r'\s*,([^()]*(?:\([^()]*\)[^()]*)*)\)\s*;',
          r'syscall\(\s*SYS_'+re.escape(name)+r'\s*\)\s*;']
    for m in [m for pat in pats for m in re.finditer(pat, ' '+syn)]:
        if not m.groups(): 
            if best is None: best=[]
            continue
        params=[p.strip() for p in m.group(1).split(',')]
        names=[]
        for p in params:
            if p in ('void','...',''): continue
            # function pointer
            fm = re.search(r'\(\s*\*\s*(\w+)\s*\)', p)
            if fm: names.append(fm.group(1)); continue
            p = re.sub(r'\[.*?\]','',p)
            w = re.findall(r'\w+', p)
            if w: names.append(w[-1])
        if best is None or len(names)==n or (len(best)!=n and len(names)>len(best)):
            best=names
    if best is None or len(best) < n:
        missing.append((name,n,best))
        continue
    out.append((name, best[:n]))
for name, names in out:
    if not names:  # no arguments: no row
        continue
    print('AN(%s%s)' % (name, ''.join(', "%s"' % x for x in names)))
print('MISSING', len(missing), file=sys.stderr)
for m in missing: print(m, file=sys.stderr)
