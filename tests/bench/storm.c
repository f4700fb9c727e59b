/* Reaping speed of an init running as PID 1.
 *
 *   storm N   leaves N orphans (zombies already) to PID 1, then prints how many ms pass until PID 1 has reaped them
 *             all: until /proc/1/task/1/children (one cheap read, zombies included until reaped) lists only this
 *             program. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static int init_children(void) {
  static char buf[1 << 20];
  FILE *f = fopen("/proc/1/task/1/children", "r");
  if (!f) return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  int count = 0;
  for (size_t i = 0; i < n; i++) if (buf[i] == ' ') count++;
  return count;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 5000;
  pid_t intermediate = fork();
  if (intermediate == 0) {
    for (int i = 0; i < n; i++) if (fork() == 0) _exit(0);
    usleep(300000); /* the children exit at once: by now they are zombies, reparented together when this exits */
    _exit(0);
  }
  waitpid(intermediate, NULL, 0);
  double start = now_ms();
  while (init_children() > 1) ;
  printf("%.2f\n", now_ms() - start);
  return 0;
}
