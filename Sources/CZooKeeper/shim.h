#ifndef SECRETSTORE_CZOOKEEPER_SHIM_H
#define SECRETSTORE_CZOOKEEPER_SHIM_H

// Without THREADED the synchronous calls and the threaded API are not declared.
#define THREADED 1
#include <zookeeper/zookeeper.h>

// Swift 6 rejects mutable C globals; these accessors expose them as functions.
static inline struct ACL_vector *cszk_open_acl_unsafe(void) { return &ZOO_OPEN_ACL_UNSAFE; }
static inline struct ACL_vector *cszk_creator_all_acl(void) { return &ZOO_CREATOR_ALL_ACL; }
static inline int cszk_state_connected(void) { return ZOO_CONNECTED_STATE; }
static inline int cszk_state_connecting(void) { return ZOO_CONNECTING_STATE; }
static inline int cszk_state_associating(void) { return ZOO_ASSOCIATING_STATE; }
static inline int cszk_state_expired(void) { return ZOO_EXPIRED_SESSION_STATE; }
static inline int cszk_state_auth_failed(void) { return ZOO_AUTH_FAILED_STATE; }
static inline int cszk_event_session(void) { return ZOO_SESSION_EVENT; }
static inline int cszk_event_created(void) { return ZOO_CREATED_EVENT; }
static inline int cszk_event_deleted(void) { return ZOO_DELETED_EVENT; }
static inline int cszk_event_changed(void) { return ZOO_CHANGED_EVENT; }
static inline int cszk_event_child(void) { return ZOO_CHILD_EVENT; }
static inline int cszk_event_not_watching(void) { return ZOO_NOTWATCHING_EVENT; }
static inline int cszk_persistent(void) { return ZOO_PERSISTENT; }

#endif
