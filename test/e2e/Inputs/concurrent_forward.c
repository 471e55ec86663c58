/* Two threads calling a compiled model at once, each on its own input
   (docs/robustness.md, "Concurrency"). Build with -pthread and
   -include model.h. For each of three ways of calling, both threads run
   CALLS calls alternating between their two inputs, and every output is
   compared bit for bit with the one-at-a-time result of the same input:
   - forward_with_workspace, a workspace per thread: the reentrant API;
   - forward under a mutex: forward's static workspace serialized;
   - forward unlocked: the header says it is NOT reentrant (its workspace is
     static storage shared by every call); the count of differing outputs
     is printed, not checked, since a race need not show in one run.
   Exit status 1 if a checked way gives any difference. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CALLS 200
#define INPUTS 4 /* two per thread */

static float inputs[INPUTS][QNN_FORWARD_INPUT_SIZE];
static float expected[INPUTS][QNN_FORWARD_OUTPUT_SIZE];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

enum Mode { WITH_WORKSPACE, LOCKED, UNLOCKED };

struct Worker {
  pthread_t thread;
  int id;
  enum Mode mode;
  void *workspace;
  float output[QNN_FORWARD_OUTPUT_SIZE];
  int differences;
};

static void *work(void *argument) {
  struct Worker *worker = argument;
  pthread_barrier_wait(&start);
  for (int call = 0; call < CALLS; ++call) {
    int which = 2 * worker->id + call % 2;
    switch (worker->mode) {
    case WITH_WORKSPACE:
      forward_with_workspace(inputs[which], worker->output, worker->workspace);
      break;
    case LOCKED:
      pthread_mutex_lock(&lock);
      forward(inputs[which], worker->output);
      pthread_mutex_unlock(&lock);
      break;
    case UNLOCKED:
      forward(inputs[which], worker->output);
      break;
    }
    worker->differences +=
        memcmp(worker->output, expected[which], sizeof(worker->output)) != 0;
  }
  return NULL;
}

static int runTwoThreads(enum Mode mode) {
  struct Worker workers[2];
  memset(workers, 0, sizeof(workers));
  pthread_barrier_init(&start, NULL, 2);
  for (int i = 0; i < 2; ++i) {
    workers[i].id = i;
    workers[i].mode = mode;
    if (posix_memalign(&workers[i].workspace, QNN_FORWARD_WORKSPACE_ALIGNMENT,
                       QNN_FORWARD_WORKSPACE_BYTES + 64)) {
      fprintf(stderr, "cannot allocate a workspace\n");
      exit(2);
    }
    if (pthread_create(&workers[i].thread, NULL, work, &workers[i])) {
      fprintf(stderr, "cannot start a thread\n");
      exit(2);
    }
  }
  int differences = 0;
  for (int i = 0; i < 2; ++i) {
    pthread_join(workers[i].thread, NULL);
    differences += workers[i].differences;
    free(workers[i].workspace);
  }
  pthread_barrier_destroy(&start);
  return differences;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s input.bin\n", argv[0]);
    return 2;
  }
  FILE *in = fopen(argv[1], "rb");
  if (!in || fread(inputs[0], sizeof(float), QNN_FORWARD_INPUT_SIZE, in) !=
                 QNN_FORWARD_INPUT_SIZE) {
    fprintf(stderr, "cannot read %d floats from %s\n", QNN_FORWARD_INPUT_SIZE,
            argv[1]);
    return 2;
  }
  fclose(in);
  /* Four different inputs: the file's, negated, scaled, reversed. */
  for (int i = 0; i < QNN_FORWARD_INPUT_SIZE; ++i) {
    inputs[1][i] = -inputs[0][i];
    inputs[2][i] = 0.5f * inputs[0][i];
    inputs[3][i] = inputs[0][QNN_FORWARD_INPUT_SIZE - 1 - i];
  }
  for (int i = 0; i < INPUTS; ++i)
    forward(inputs[i], expected[i]);
  int distinct = 0;
  for (int i = 1; i < INPUTS; ++i)
    distinct += memcmp(expected[i], expected[0], sizeof(expected[0])) != 0;
  printf("one at a time: %d of %d other inputs give other outputs\n", distinct,
         INPUTS - 1);

  int withWorkspace = runTwoThreads(WITH_WORKSPACE);
  int locked = runTwoThreads(LOCKED);
  int unlocked = runTwoThreads(UNLOCKED);
  printf("two threads, forward_with_workspace: %d of %d outputs differ\n",
         withWorkspace, 2 * CALLS);
  printf("two threads, forward under a mutex: %d of %d outputs differ\n",
         locked, 2 * CALLS);
  printf("two threads, forward unlocked (not reentrant, not checked): "
         "%d of %d outputs differ\n", unlocked, 2 * CALLS);
  return withWorkspace || locked || distinct != INPUTS - 1 ? 1 : 0;
}
