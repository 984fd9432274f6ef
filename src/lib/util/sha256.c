/*
 * sha256 — see sha256.h.
 */
#include "util/sha256.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/io.h"
#include "util/xalloc.h"

void sha256_begin(struct sha256 *h)
{
    sha256_init(&h->ctx);
}

void sha256_feed(struct sha256 *h, const void *data, size_t len)
{
    sha256_update(&h->ctx, len, data);
}

void sha256_end(struct sha256 *h, char hex[SHA256_HEX_SIZE])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    static const char digits[] = "0123456789abcdef";
    sha256_digest(&h->ctx, sizeof(digest), digest);
    for (size_t i = 0; i < sizeof(digest); i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

void sha256_buffer(const void *data, size_t len, char hex[SHA256_HEX_SIZE])
{
    struct sha256 h;
    sha256_begin(&h);
    sha256_feed(&h, data, len);
    sha256_end(&h, hex);
}

int sha256_file(const char *path, char hex[SHA256_HEX_SIZE])
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    struct sha256 h;
    char buf[1 << 16];
    size_t n;
    sha256_begin(&h);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
        sha256_feed(&h, buf, n);
    int err = ferror(fp) ? (errno ? errno : EIO) : 0;
    fclose(fp);
    if (err) {
        errno = err; /* the caller's message gives it (fclose may have changed it) */
        return -1;
    }
    sha256_end(&h, hex);
    return 0;
}

/* ------------------------------------------------------------------ the ring */

/* Three buffers: one being parsed, one being hashed, one to spare for the thread that
 * falls behind for a moment. */
#define RING_BUFFERS 3

struct sha256_ring {
    struct sha256 hash;
    char *buf[RING_BUFFERS];
    size_t len[RING_BUFFERS];
    unsigned long long fed;   /* buffers handed over */
    unsigned long long done;  /* buffers hashed (written by the thread, under mu) */
    bool taken;               /* sha256_ring_next gave buffer fed % RING_BUFFERS */
    bool finished;            /* no more buffers come */
    bool threaded;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;        /* fed or done moved, or finished */
};

static void *ring_main(void *arg)
{
    struct sha256_ring *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (r->done == r->fed && !r->finished)
            pthread_cond_wait(&r->cv, &r->mu);
        if (r->done == r->fed)
            break; /* finished, and everything hashed */
        size_t k = (size_t)(r->done % RING_BUFFERS);
        size_t n = r->len[k];
        pthread_mutex_unlock(&r->mu);
        sha256_feed(&r->hash, r->buf[k], n);
        pthread_mutex_lock(&r->mu);
        r->done++;
        pthread_cond_broadcast(&r->cv);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

struct sha256_ring *sha256_ring_start(size_t cap, size_t slack)
{
    struct sha256_ring *r = xcalloc(1, sizeof(*r));
    sha256_begin(&r->hash);
    for (size_t k = 0; k < RING_BUFFERS; k++)
        r->buf[k] = xcalloc(cap + slack, 1);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    r->threaded = !io_single_thread() && pthread_create(&r->thread, NULL, ring_main, r) == 0;
    return r;
}

char *sha256_ring_next(struct sha256_ring *r)
{
    size_t k = (size_t)(r->fed % RING_BUFFERS);
    if (r->threaded) {
        /* the buffer fed RING_BUFFERS ago must be hashed before it is filled again */
        pthread_mutex_lock(&r->mu);
        while (r->fed - r->done >= RING_BUFFERS)
            pthread_cond_wait(&r->cv, &r->mu);
        pthread_mutex_unlock(&r->mu);
    }
    r->taken = true;
    return r->buf[k];
}

void sha256_ring_feed(struct sha256_ring *r, size_t n)
{
    if (!r->taken)
        BUG("sha256_ring_feed without sha256_ring_next");
    r->taken = false;
    size_t k = (size_t)(r->fed % RING_BUFFERS);
    if (!r->threaded) {
        sha256_feed(&r->hash, r->buf[k], n);
        r->fed++;
        r->done++;
        return;
    }
    pthread_mutex_lock(&r->mu);
    r->len[k] = n;
    r->fed++;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

void sha256_ring_end(struct sha256_ring *r, char hex[SHA256_HEX_SIZE])
{
    if (r->threaded) {
        pthread_mutex_lock(&r->mu);
        r->finished = true;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
        pthread_join(r->thread, NULL);
    }
    sha256_end(&r->hash, hex);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
    for (size_t k = 0; k < RING_BUFFERS; k++)
        free(r->buf[k]);
    free(r);
}
