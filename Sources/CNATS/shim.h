#ifndef AVOSYNC_CNATS_SHIM_H
#define AVOSYNC_CNATS_SHIM_H

// The NATS C client (Debian: libnats-dev): JetStream streams, publishes, pull consumers and
// key-value buckets. Only the Swift layer in `JetStream` calls into it.
#include <nats/nats.h>

#endif
