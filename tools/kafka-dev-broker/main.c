/*
 * kafka-dev-broker: a local Kafka-protocol broker for development and tests,
 * built on librdkafka's mock cluster (no real Kafka is packaged for us).
 *
 * Protocol with the parent process (one line each way):
 *   stdout: "BOOTSTRAP host:port,..." once ready, then one "OK ..." or
 *           "ERR <reason>" line per command read from stdin.
 *   stdin:  topic NAME PARTITIONS | down ID | up ID | rtt ID MS |
 *           error API_KEY ERRCODE [COUNT] | ping | quit
 * EOF on stdin, SIGTERM or SIGINT shut down cleanly (exit 0), so a dying
 * parent never leaves an orphan broker behind.
 *
 * librdkafka 2.0.2 has no API to choose the listen port: each mock broker
 * binds 127.0.0.1 on an ephemeral port, hence no --port option.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_TOPICS 256
#define LINE_MAX_LEN 4096

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
        (void)sig;
        stop_requested = 1;
}

static void usage(FILE *out) {
        fprintf(out,
                "usage: kafka-dev-broker [--brokers N] [--partitions N] "
                "[--topic NAME[:PARTITIONS]]...\n");
}

/* Strict integer parsing: a typo must be an error, not a silent 0. */
static int parse_long(const char *s, long min, long max, long *out) {
        char *end;
        long v;
        if (!s || !*s)
                return -1;
        errno = 0;
        v     = strtol(s, &end, 10);
        if (errno || *end || v < min || v > max)
                return -1;
        *out = v;
        return 0;
}

static int replication_factor(int brokers) {
        /* Mirror a typical cluster (RF 3) without exceeding broker count. */
        return brokers < 3 ? brokers : 3;
}

/* Replies go through a single writer and are flushed at once: the parent
 * matches replies to commands strictly in order. */
static void reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void reply(const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        vfprintf(stdout, fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
        fflush(stdout);
}

static void reply_err(rd_kafka_resp_err_t err) {
        if (err)
                reply("ERR %s: %s", rd_kafka_err2name(err),
                      rd_kafka_err2str(err));
        else
                reply("OK");
}

/* Returns 1 when the command asks to quit. */
static int handle_command(rd_kafka_mock_cluster_t *mc, int brokers,
                          char *line) {
        char *argv[8];
        int argc = 0;
        char *save = NULL;
        char *tok;
        long a, b, c;

        for (tok = strtok_r(line, " \t\r", &save); tok && argc < 8;
             tok = strtok_r(NULL, " \t\r", &save))
                argv[argc++] = tok;
        if (tok) {
                reply("ERR too many arguments");
                return 0;
        }
        /* Blank lines are ignored rather than answered, so the parent's
         * one-reply-per-command accounting never drifts. */
        if (argc == 0)
                return 0;

        if (!strcmp(argv[0], "ping")) {
                reply(argc == 1 ? "OK pong" : "ERR usage: ping");
        } else if (!strcmp(argv[0], "quit")) {
                reply("OK bye");
                return 1;
        } else if (!strcmp(argv[0], "topic")) {
                if (argc != 3 || parse_long(argv[2], 1, 10000, &a)) {
                        reply("ERR usage: topic NAME PARTITIONS");
                        return 0;
                }
                reply_err(rd_kafka_mock_topic_create(
                    mc, argv[1], (int)a, replication_factor(brokers)));
        } else if (!strcmp(argv[0], "down") || !strcmp(argv[0], "up")) {
                /* -1 means every broker, as in the librdkafka API. */
                if (argc != 2 || parse_long(argv[1], -1, brokers, &a) ||
                    a == 0) {
                        reply("ERR usage: %s BROKER_ID (1..%d or -1)",
                              argv[0], brokers);
                        return 0;
                }
                reply_err(argv[0][0] == 'd'
                              ? rd_kafka_mock_broker_set_down(mc, (int32_t)a)
                              : rd_kafka_mock_broker_set_up(mc, (int32_t)a));
        } else if (!strcmp(argv[0], "rtt")) {
                if (argc != 3 || parse_long(argv[1], -1, brokers, &a) ||
                    a == 0 || parse_long(argv[2], 0, 600000, &b)) {
                        reply("ERR usage: rtt BROKER_ID MS");
                        return 0;
                }
                reply_err(
                    rd_kafka_mock_broker_set_rtt(mc, (int32_t)a, (int)b));
        } else if (!strcmp(argv[0], "error")) {
                rd_kafka_resp_err_t *errs;
                long i;
                c = 1;
                if (argc < 3 || argc > 4 ||
                    parse_long(argv[1], 0, INT16_MAX, &a) ||
                    parse_long(argv[2], INT_MIN, INT_MAX, &b) ||
                    (argc == 4 && parse_long(argv[3], 1, 100000, &c))) {
                        reply("ERR usage: error API_KEY ERRCODE [COUNT]");
                        return 0;
                }
                errs = malloc(sizeof(*errs) * (size_t)c);
                if (!errs) {
                        reply("ERR out of memory");
                        return 0;
                }
                for (i = 0; i < c; i++)
                        errs[i] = (rd_kafka_resp_err_t)b;
                rd_kafka_mock_push_request_errors_array(mc, (int16_t)a,
                                                        (size_t)c, errs);
                free(errs);
                reply("OK");
        } else {
                reply("ERR unknown command '%s'", argv[0]);
        }
        return 0;
}

int main(int argc, char **argv) {
        long brokers = 3, partitions = 3;
        const char *topics[MAX_TOPICS];
        int topic_parts[MAX_TOPICS];
        int ntopics = 0;
        char errstr[512];
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mc;
        sigset_t block, orig;
        struct sigaction sa;
        char buf[LINE_MAX_LEN];
        size_t used = 0;
        int quit    = 0;
        int i;

        for (i = 1; i < argc; i++) {
                const char *arg = argv[i];
                const char *val = i + 1 < argc ? argv[i + 1] : NULL;
                if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
                        usage(stdout);
                        return 0;
                } else if (!strcmp(arg, "--brokers")) {
                        if (parse_long(val, 1, 64, &brokers))
                                goto bad;
                        i++;
                } else if (!strcmp(arg, "--partitions")) {
                        if (parse_long(val, 1, 10000, &partitions))
                                goto bad;
                        i++;
                } else if (!strcmp(arg, "--topic")) {
                        if (!val || !*val || ntopics == MAX_TOPICS)
                                goto bad;
                        topics[ntopics]      = val;
                        topic_parts[ntopics] = -1; /* resolved below */
                        ntopics++;
                        i++;
                } else {
                        goto bad;
                }
                continue;
        bad:
                fprintf(stderr, "kafka-dev-broker: bad argument near '%s'\n",
                        arg);
                usage(stderr);
                return 2;
        }

        /* Block the stop signals everywhere (librdkafka threads inherit
         * this mask) and only let them in during ppoll() below, so they
         * never interrupt librdkafka internals and never get lost. */
        sigemptyset(&block);
        sigaddset(&block, SIGTERM);
        sigaddset(&block, SIGINT);
        sigprocmask(SIG_BLOCK, &block, &orig);
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        /* A vanished parent must not kill us mid-write; EOF handles it. */
        signal(SIGPIPE, SIG_IGN);

        conf = rd_kafka_conf_new();
        /* The handle is bookkeeping only; keep its own logs quiet. */
        rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr));
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "kafka-dev-broker: rd_kafka_new: %s\n",
                        errstr);
                return 1;
        }
        mc = rd_kafka_mock_cluster_new(rk, (int)brokers);
        if (!mc) {
                fprintf(stderr,
                        "kafka-dev-broker: cannot create mock cluster\n");
                rd_kafka_destroy(rk);
                return 1;
        }

        for (i = 0; i < ntopics; i++) {
                /* NAME[:PARTITIONS]; the last ':' wins so names stay free. */
                char name[512];
                const char *colon = strrchr(topics[i], ':');
                long p            = partitions;
                rd_kafka_resp_err_t err;
                size_t n = colon ? (size_t)(colon - topics[i])
                                 : strlen(topics[i]);
                if (n == 0 || n >= sizeof(name) ||
                    (colon && parse_long(colon + 1, 1, 10000, &p))) {
                        fprintf(stderr, "kafka-dev-broker: bad --topic '%s'\n",
                                topics[i]);
                        goto fail;
                }
                memcpy(name, topics[i], n);
                name[n]        = '\0';
                topic_parts[i] = (int)p;
                err            = rd_kafka_mock_topic_create(
                    mc, name, topic_parts[i], replication_factor((int)brokers));
                if (err) {
                        fprintf(stderr,
                                "kafka-dev-broker: create topic '%s': %s\n",
                                name, rd_kafka_err2str(err));
                        goto fail;
                }
        }

        printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mc));
        fflush(stdout);

        /* Raw read() + our own line buffer: stdio buffering would hide
         * already-read lines from poll(). */
        while (!quit && !stop_requested) {
                struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
                ssize_t r;
                char *nl;
                int pr = ppoll(&pfd, 1, NULL, &orig);
                if (pr < 0) {
                        if (errno == EINTR)
                                continue;
                        perror("kafka-dev-broker: ppoll");
                        break;
                }
                r = read(STDIN_FILENO, buf + used, sizeof(buf) - 1 - used);
                if (r < 0) {
                        if (errno == EINTR || errno == EAGAIN)
                                continue;
                        perror("kafka-dev-broker: read");
                        break;
                }
                if (r == 0)
                        break; /* EOF: parent is gone or done */
                used += (size_t)r;
                buf[used] = '\0';
                while (!quit && (nl = memchr(buf, '\n', used))) {
                        size_t len = (size_t)(nl - buf) + 1;
                        *nl        = '\0';
                        quit       = handle_command(mc, (int)brokers, buf);
                        memmove(buf, buf + len, used - len);
                        used -= len;
                        buf[used] = '\0';
                }
                if (used == sizeof(buf) - 1) {
                        /* Drop an over-long line instead of wedging. */
                        used = 0;
                        reply("ERR line too long");
                }
        }

        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(rk);
        return 0;

fail:
        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(rk);
        return 1;
}
