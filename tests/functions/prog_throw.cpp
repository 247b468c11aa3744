// prog_throw.cpp: C++ exceptions thrown through traced frames (built by
// t_pg with g++ -pg and with -finstrument-functions): 100 catcher() calls,
// each reaching thrower() 4 or 5 deep before a throw it catches. 1102 events.
#include <cstdio>
#include <stdexcept>

int thrower(int n)
{
	if (n == 0)
		throw std::runtime_error("bottom");
	return thrower(n - 1) + 1;
}

int catcher(int i)
{
	try {
		return thrower(3 + i % 2);
	} catch (const std::exception &) {
		return -1;
	}
}

int main()
{
	int s = 0;
	for (int i = 0; i < 100; i++)
		s += catcher(i);
	std::printf("%d\n", s);
	return s == -100 ? 0 : 1;
}
