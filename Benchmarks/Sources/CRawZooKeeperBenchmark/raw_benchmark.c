// The baseline: the ZooKeeper C client used directly, with no Swift in between, at the same
// concurrency as the Swift storage. Used by the storage benchmark only, never by the product.
#define THREADED 1
#include "raw_benchmark.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zookeeper/zookeeper.h>

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int in_flight;
    int done;
    int failures;
    double *latencies;
} run_state;

typedef struct {
    run_state *state;
    int index;
    int remaining;  // completions still expected for this operation (parts)
    double started;
} op_context;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void finish_part(op_context *op, int rc) {
    run_state *state = op->state;
    pthread_mutex_lock(&state->lock);
    if (rc != ZOK) state->failures++;
    if (--op->remaining == 0) {
        state->latencies[op->index] = (now_seconds() - op->started) * 1000.0;
        state->in_flight--;
        state->done++;
        pthread_cond_signal(&state->changed);
        pthread_mutex_unlock(&state->lock);
        free(op);
        return;
    }
    pthread_mutex_unlock(&state->lock);
}

static void string_done(int rc, const char *value, const void *data) { (void)value; finish_part((op_context *)data, rc); }
static void data_done(int rc, const char *value, int length, const struct Stat *stat, const void *data) {
    (void)value; (void)length; (void)stat;
    finish_part((op_context *)data, rc);
}
static void stat_done(int rc, const struct Stat *stat, const void *data) { (void)stat; finish_part((op_context *)data, rc); }

static void ignore_watcher(zhandle_t *zh, int type, int state, const char *path, void *context) {
    (void)zh; (void)type; (void)state; (void)path; (void)context;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int raw_benchmark_run(const char *hosts, const char *root, raw_operation operation, int value_size, int parts,
                      int count, int in_flight, raw_result *result) {
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    zhandle_t *zh = zookeeper_init(hosts, ignore_watcher, 10000, NULL, NULL, 0);
    if (!zh) return -1;
    for (int i = 0; i < 200 && zoo_state(zh) != ZOO_CONNECTED_STATE; i++) usleep(50000);
    if (zoo_state(zh) != ZOO_CONNECTED_STATE) {
        zookeeper_close(zh);
        return -1;
    }
    if (parts < 1) parts = 1;
    int part_size = (operation == RAW_PUT_SPLIT || operation == RAW_GET_SPLIT) ? value_size / parts : value_size;
    char *value = malloc(part_size > 0 ? part_size : 1);
    for (int i = 0; i < part_size; i++) value[i] = (char)(i * 31 + 7);

    run_state state = {.in_flight = 0, .done = 0, .failures = 0};
    pthread_mutex_init(&state.lock, NULL);
    pthread_cond_init(&state.changed, NULL);
    state.latencies = calloc(count, sizeof(double));

    double start = now_seconds();
    char path[512];
    for (int i = 0; i < count; i++) {
        pthread_mutex_lock(&state.lock);
        while (state.in_flight >= in_flight) pthread_cond_wait(&state.changed, &state.lock);
        state.in_flight++;
        pthread_mutex_unlock(&state.lock);

        op_context *op = malloc(sizeof(op_context));
        op->state = &state;
        op->index = i;
        op->started = now_seconds();
        int submissions = (operation == RAW_PUT_SPLIT || operation == RAW_GET_SPLIT) ? parts : 1;
        op->remaining = submissions;
        for (int p = 0; p < submissions; p++) {
            snprintf(path, sizeof path, "%s/n%d-%d", root, i, p);
            int rc;
            switch (operation) {
            case RAW_CREATE:
            case RAW_PUT_SPLIT:
                rc = zoo_acreate(zh, path, value, part_size, &ZOO_OPEN_ACL_UNSAFE, 0, string_done, op);
                break;
            case RAW_GET:
            case RAW_GET_SPLIT:
                rc = zoo_aget(zh, path, 0, data_done, op);
                break;
            default:
                rc = zoo_aset(zh, path, value, part_size, -1, stat_done, op);
                break;
            }
            if (rc != ZOK) finish_part(op, rc);
        }
    }
    pthread_mutex_lock(&state.lock);
    while (state.done < count) pthread_cond_wait(&state.changed, &state.lock);
    pthread_mutex_unlock(&state.lock);
    double elapsed = now_seconds() - start;

    qsort(state.latencies, count, sizeof(double), compare_doubles);
    result->operations_per_second = count / elapsed;
    result->p50_milliseconds = state.latencies[count / 2];
    result->p99_milliseconds = state.latencies[(int)(count * 0.99) < count ? (int)(count * 0.99) : count - 1];
    result->failures = state.failures;

    free(state.latencies);
    free(value);
    zookeeper_close(zh);
    return 0;
}
