/* Checks the workspace ABI of a compiled model (build with -include model.h,
   -pthread and -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free so
   that the model's own calls to the allocator, if it had any, are counted):

   - forward() twice, then forward_with_workspace() with a workspace from
     malloc, and the same from two threads at once with a workspace each,
     all give the same output, bit for bit;
   - calls after the first take no minor page fault (getrusage) and call
     no allocator function.

   Writes the output of the first call (raw float32) for the comparison
   with the reference. Usage: workspace_harness input.bin output.bin */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

enum { kRuns = 5 };

/* Allocator calls while `counting` is set; the model's references to
   malloc & co. go through these wrappers. */
static volatile int counting;
static volatile long allocatorCalls;
void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *pointer, size_t size);
void __real_free(void *pointer);
void *__wrap_malloc(size_t size) {
  allocatorCalls += counting;
  return __real_malloc(size);
}
void *__wrap_calloc(size_t count, size_t size) {
  allocatorCalls += counting;
  return __real_calloc(count, size);
}
void *__wrap_realloc(void *pointer, size_t size) {
  allocatorCalls += counting;
  return __real_realloc(pointer, size);
}
void __wrap_free(void *pointer) {
  allocatorCalls += counting;
  __real_free(pointer);
}

static float input[QNN_FORWARD_INPUT_SIZE];
static float first[QNN_FORWARD_OUTPUT_SIZE];
static float output[QNN_FORWARD_OUTPUT_SIZE];

static long minorFaults(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

static int failures;

static void expectSameOutput(const float *result, const char *what) {
  if (memcmp(result, first, sizeof(first)) != 0) {
    fprintf(stderr, "error: %s differs from the first forward()\n", what);
    ++failures;
  }
}

/* Runs `call` kRuns times (after a first call that may fault its pages in)
   and checks that the runs neither fault nor allocate. */
static void expectNoFaultsNorAllocations(void (*call)(void *), void *context,
                                         const char *what) {
  call(context);
  long faults = minorFaults();
  allocatorCalls = 0;
  counting = 1;
  for (int run = 0; run < kRuns; ++run)
    call(context);
  counting = 0;
  faults = minorFaults() - faults;
  printf("%s: %ld minor page faults and %ld allocator calls in %d calls\n",
         what, faults, (long)allocatorCalls, kRuns);
  if (faults != 0 || allocatorCalls != 0)
    ++failures;
}

static void callForward(void *context) {
  (void)context;
  forward(input, output);
}

static void callWithWorkspace(void *workspace) {
  forward_with_workspace(input, output, workspace);
}

struct Worker {
  pthread_t thread;
  void *workspace;
  float output[QNN_FORWARD_OUTPUT_SIZE];
  int mismatches;
};

static void *work(void *argument) {
  struct Worker *worker = argument;
  for (int run = 0; run < 20; ++run) {
    forward_with_workspace(input, worker->output, worker->workspace);
    worker->mismatches +=
        memcmp(worker->output, first, sizeof(first)) != 0;
  }
  return NULL;
}

/* A workspace from malloc, aligned as the header asks; at least one byte. */
static void *newWorkspace(void) {
  size_t bytes = QNN_FORWARD_WORKSPACE_BYTES + QNN_FORWARD_WORKSPACE_ALIGNMENT;
  void *workspace = NULL;
  if (posix_memalign(&workspace, QNN_FORWARD_WORKSPACE_ALIGNMENT, bytes)) {
    fprintf(stderr, "cannot allocate a workspace of %zu bytes\n", bytes);
    exit(1);
  }
  return workspace;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s input.bin output.bin\n", argv[0]);
    return 2;
  }
  FILE *in = fopen(argv[1], "rb");
  if (!in || fread(input, sizeof(float), QNN_FORWARD_INPUT_SIZE, in) !=
                 QNN_FORWARD_INPUT_SIZE) {
    fprintf(stderr, "cannot read %d floats from %s\n", QNN_FORWARD_INPUT_SIZE,
            argv[1]);
    return 1;
  }
  fclose(in);
  printf("workspace: %d bytes, aligned to %d\n", QNN_FORWARD_WORKSPACE_BYTES,
         QNN_FORWARD_WORKSPACE_ALIGNMENT);

  forward(input, first);
  forward(input, output);
  expectSameOutput(output, "the second forward()");
  expectNoFaultsNorAllocations(callForward, NULL, "forward");

  void *workspace = newWorkspace();
  memset(output, 0, sizeof(output));
  forward_with_workspace(input, output, workspace);
  expectSameOutput(output, "forward_with_workspace()");
  expectNoFaultsNorAllocations(callWithWorkspace, workspace,
                               "forward_with_workspace");
  free(workspace);

  struct Worker workers[2];
  int threadMismatches = 0;
  for (int i = 0; i < 2; ++i) {
    workers[i].workspace = newWorkspace();
    workers[i].mismatches = 0;
    if (pthread_create(&workers[i].thread, NULL, work, &workers[i])) {
      fprintf(stderr, "cannot start a thread\n");
      return 1;
    }
  }
  for (int i = 0; i < 2; ++i) {
    pthread_join(workers[i].thread, NULL);
    free(workers[i].workspace);
    threadMismatches += workers[i].mismatches;
  }
  printf("two threads: %s\n", threadMismatches
                                   ? "outputs differ from the first forward()"
                                   : "same outputs");
  failures += threadMismatches != 0;

  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(first, sizeof(float), QNN_FORWARD_OUTPUT_SIZE, out) !=
                  QNN_FORWARD_OUTPUT_SIZE) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  fclose(out);
  return failures ? 1 : 0;
}
