/* A server's use of the C ABI, under threads: 8 threads serve 10,000 requests, each request on a
 * handle of its own derived with credcheck_db_as for its department, one in ten a failing request.
 * Checks: every answer is right, every thread reads its own error message (the thread-local channel),
 * the process runs one check-log thread however many handles come and go, and every decision is in
 * the audit trail at the end. Built and run under ThreadSanitizer too (scripts/test --tsan).
 *   credcheck_capi_threads_test [REQUESTS] */
#define _POSIX_C_SOURCE 200809L
#include "credcheck.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define THREADS 8

static const char* kBidder = "91420704MA00002770"; /* on the serious-illegal list */
static const char* kClean = "914403001922038216";  /* no data */
static const char* kDepartments[] = {"鄂州市财政局", "鄂州市公共资源交易中心", "鄂州市自然资源和规划局", "鄂州市住房和城乡建设局"};

static credcheck_db* root = NULL;
static int requests = 10000;
static pthread_mutex_t finished_lock = PTHREAD_MUTEX_INITIALIZER;
static int finished = 0; /* workers done, under finished_lock */

struct worker {
    int index, served, failures;
    char problem[256];
};

static void* serve(void* p) {
    struct worker* w = (struct worker*)p;
    int i;
    for (i = w->index; i < requests; i += THREADS) {
        credcheck_principal who = CREDCHECK_PRINCIPAL_INIT;
        credcheck_check_request request = CREDCHECK_CHECK_REQUEST_INIT;
        credcheck_db* handle = NULL;
        credcheck_decision* d = NULL;
        credcheck_receipt receipt = CREDCHECK_RECEIPT_INIT;
        const char* department = kDepartments[i % 4];
        int status;
        who.role = CREDCHECK_ROLE_IMPLEMENTING;
        who.department = department;
        who.officer = "窗口";
        if (credcheck_db_as(&handle, root, &who) != CREDCHECK_OK) {
            snprintf(w->problem, sizeof w->problem, "request %d: credcheck_db_as: %s", i, credcheck_last_error());
            ++w->failures;
            continue;
        }
        request.scenario = "gov_procurement";
        request.as_of = "2026-11-28";
        request.purpose = "采购";
        if (i % 10 == 9) { /* a mistyped code: this thread's error, whatever the others do */
            request.subject = "91420704MA00002771";
            status = credcheck_check(&d, handle, &request);
            if (status != CREDCHECK_INVALID_IDENTIFIER || d != NULL || strstr(credcheck_last_error(), "check character") == NULL) {
                snprintf(w->problem, sizeof w->problem, "request %d: expected an invalid identifier, got %d: %s", i, status,
                         credcheck_last_error());
                ++w->failures;
            }
        } else {
            request.subject = i % 2 ? kBidder : kClean;
            status = credcheck_check(&d, handle, &request);
            if (status != CREDCHECK_OK || credcheck_decision_verdict(d) != (i % 2 ? CREDCHECK_VERDICT_DENY : CREDCHECK_VERDICT_ALLOW) ||
                credcheck_decision_receipt(&receipt, d) != CREDCHECK_OK || strcmp(receipt.department, department) != 0) {
                snprintf(w->problem, sizeof w->problem, "request %d: wrong answer (status %d): %s", i, status, credcheck_last_error());
                ++w->failures;
            }
            credcheck_decision_free(d);
        }
        credcheck_db_close(handle);
        ++w->served;
    }
    pthread_mutex_lock(&finished_lock);
    ++finished;
    pthread_mutex_unlock(&finished_lock);
    return NULL;
}

static int thread_count(void) {
    DIR* tasks = opendir("/proc/self/task");
    struct dirent* e;
    int n = 0;
    if (tasks == NULL) return -1;
    while ((e = readdir(tasks)) != NULL)
        if (e->d_name[0] != '.') ++n;
    closedir(tasks);
    return n;
}

static size_t occurrences(const char* text, const char* needle) {
    size_t n = 0;
    const char* at = text;
    while ((at = strstr(at, needle)) != NULL) {
        ++n;
        at += strlen(needle);
    }
    return n;
}

static void write_file(const char* path, const char* text) {
    FILE* f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

int main(int argc, char** argv) {
    char dir[64] = "/tmp/credcheck-threads-XXXXXX";
    char path[128], lists[128];
    credcheck_open_options options = CREDCHECK_OPEN_OPTIONS_INIT;
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    int i, failures = 0, served = 0, most_threads = 0, baseline;
    struct timespec pause = {0, 2000000};
    char* json = NULL;
    credcheck_audit_query audit = CREDCHECK_AUDIT_QUERY_INIT;
    if (argc > 1) requests = atoi(argv[1]);
    if (credcheck_configure_for_threads() != CREDCHECK_OK) return 2;
    if (mkdtemp(dir) == NULL) return 2;
    snprintf(path, sizeof path, "%s/server.db", dir);
    snprintf(lists, sizeof lists, "%s/lists.csv", dir);
    write_file(lists, "list,subject_code,subject_name,department,document_no,entered_on\n"
                      "samr.serious_illegal,91420704MA00002770,鄂州市恒信建材有限公司,鄂州市市场监督管理局,鄂市监严失〔2024〕1号,2024-06-18\n");
    options.flags = CREDCHECK_OPEN_CREATE;
    if (credcheck_db_open(&root, path, &options) != CREDCHECK_OK ||
        credcheck_import_file(NULL, root, CREDCHECK_IMPORT_KIND_LISTS, lists, 0) != CREDCHECK_OK) {
        fprintf(stderr, "set-up failed: %s\n", credcheck_last_error());
        return 2;
    }
    baseline = thread_count(); /* main, the file's check-log writer and the writer's row-image hasher */

    for (i = 0; i < THREADS; ++i) {
        workers[i].index = i;
        workers[i].served = workers[i].failures = 0;
        workers[i].problem[0] = '\0';
        pthread_create(&threads[i], NULL, serve, &workers[i]);
    }
    for (;;) {
        int n = thread_count(), done;
        if (n > most_threads) most_threads = n;
        pthread_mutex_lock(&finished_lock);
        done = finished == THREADS;
        pthread_mutex_unlock(&finished_lock);
        if (done) break;
        nanosleep(&pause, NULL);
    }
    for (i = 0; i < THREADS; ++i) {
        pthread_join(threads[i], NULL);
        served += workers[i].served;
        failures += workers[i].failures;
        if (workers[i].problem[0]) fprintf(stderr, "thread %d: %s\n", i, workers[i].problem);
    }
    /* the threads before + the 8 workers, however many handles came and went: no thread per handle */
    printf("%d requests served, %d failed; threads at most %d (%d before the workers)\n", served, failures, most_threads, baseline);
    if (served != requests) ++failures;
    if (most_threads > baseline + THREADS) {
        fprintf(stderr, "more than one check-log thread: %d threads for %d workers\n", most_threads, THREADS);
        ++failures;
    }
    /* Every decision is in the audit trail: the query writes what the log still holds first. */
    audit.limit = (size_t)requests * 2;
    if (credcheck_audit_entries_json(&json, root, &audit) != CREDCHECK_OK) {
        fprintf(stderr, "audit: %s\n", credcheck_last_error());
        ++failures;
    } else {
        const size_t checks = occurrences(json, "\"action\":\"check\"");
        const size_t expected = (size_t)requests - (size_t)(requests / 10);
        if (checks != expected) {
            fprintf(stderr, "the audit trail holds %zu checks, expected %zu\n", checks, expected);
            ++failures;
        }
        credcheck_free(json);
    }
    credcheck_db_close(root);
    {
        char command[128];
        snprintf(command, sizeof command, "rm -rf %s", dir);
        if (system(command) != 0) fprintf(stderr, "could not remove %s\n", dir);
    }
    return failures == 0 ? 0 : 1;
}
