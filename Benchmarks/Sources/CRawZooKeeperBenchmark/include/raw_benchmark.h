#ifndef SECRETSTORE_RAW_BENCHMARK_H
#define SECRETSTORE_RAW_BENCHMARK_H

/// What the raw C client does for one measured operation.
typedef enum {
    RAW_CREATE = 0,     ///< zoo_acreate of a new znode with `value_size` bytes
    RAW_GET = 1,        ///< zoo_aget of a znode created by RAW_CREATE
    RAW_SET = 2,        ///< zoo_aset (any version) of such a znode
    RAW_PUT_SPLIT = 3,  ///< `parts` zoo_acreate calls of value_size/parts bytes, in flight together
    RAW_GET_SPLIT = 4,  ///< `parts` zoo_aget calls of the znodes RAW_PUT_SPLIT created
} raw_operation;

/// Figures of one run.
typedef struct {
    double operations_per_second;
    double p50_milliseconds;
    double p99_milliseconds;
    int failures;
} raw_result;

/// Runs `count` operations against `hosts` under the existing znode `root`, at most `in_flight`
/// at a time, and measures each from submission to completion. Returns 0, or -1 if it could not
/// connect.
int raw_benchmark_run(const char *hosts, const char *root, raw_operation operation, int value_size, int parts,
                      int count, int in_flight, raw_result *result);

#endif
