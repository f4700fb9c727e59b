/* Reaping speed of an init running as PID 1.
 *
 *   storm N   leaves N orphans (zombies already) to PID 1, then prints how many ms pass until /proc shows no zombie.
 */
#define _GNU_SOURCE
#include <dirent.h>
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

static int zombies(void) {
  int count = 0;
  DIR *proc = opendir("/proc");
  struct dirent *e;
  char path[64], buf[512];
  while ((e = readdir(proc)) != NULL) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f) continue;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *paren = strrchr(buf, ')');
    if (paren && paren[2] == 'Z') count++;
  }
  closedir(proc);
  return count;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 5000;
  pid_t intermediate = fork();
  if (intermediate == 0) {
    for (int i = 0; i < n; i++) if (fork() == 0) _exit(0);
    /* wait until every child is a zombie, so that all are reparented at once */
    for (;;) { int z = zombies(); if (z >= n) break; usleep(1000); }
    _exit(0);
  }
  waitpid(intermediate, NULL, 0);
  double start = now_ms();
  while (zombies() > 0) ;
  printf("%.2f\n", now_ms() - start);
  return 0;
}
