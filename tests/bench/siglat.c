/* Signal forwarding latency through an init running as PID 1.
 *
 *   siglat child SHM         the app: records when each SIGUSR1 reaches its handler
 *   siglat drive N SHM PID   sends N SIGUSR1 to PID (the init), one at a time, and prints each latency in µs
 *
 * Both sides use CLOCK_MONOTONIC (shared across PID namespaces) through a small file in /dev/shm. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

struct shared { volatile long ready; volatile long count; volatile long long at[4096]; };

static struct shared *map(const char *path) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  if (fd < 0 || ftruncate(fd, sizeof(struct shared)) != 0) { perror(path); exit(2); }
  struct shared *s = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (s == MAP_FAILED) { perror("mmap"); exit(2); }
  return s;
}

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static struct shared *shm;

static void on_usr1(int sig) {
  (void)sig;
  long i = shm->count;
  if (i < 4096) shm->at[i] = now_ns();
  __atomic_store_n(&shm->count, i + 1, __ATOMIC_SEQ_CST);
}

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "child") == 0) {
    shm = map(argv[2]);
    struct sigaction sa = {0};
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    shm->ready = 1;
    for (;;) pause();
  }
  if (argc >= 5 && strcmp(argv[1], "drive") == 0) {
    int n = atoi(argv[2]);
    shm = map(argv[3]);
    pid_t init = atoi(argv[4]);
    for (int w = 0; !shm->ready && w < 10000; w++) usleep(1000);
    if (!shm->ready) { fprintf(stderr, "siglat: child never got ready\n"); return 1; }
    usleep(200000);
    for (int i = 0; i < n && i < 4096; i++) {
      long before = shm->count;
      long long sent = now_ns();
      kill(init, SIGUSR1);
      long long deadline = sent + 2000000000LL;
      while (__atomic_load_n(&shm->count, __ATOMIC_SEQ_CST) == before && now_ns() < deadline) ;
      if (shm->count == before) { fprintf(stderr, "siglat: signal %d lost\n", i); return 1; }
      printf("%.1f\n", (shm->at[before] - sent) / 1000.0);
      usleep(2000);
    }
    return 0;
  }
  fprintf(stderr, "usage: siglat child SHM | siglat drive N SHM PID\n");
  return 2;
}
