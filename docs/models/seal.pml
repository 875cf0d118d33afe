/* Seal state machine (docs/key-hierarchy.md "Sealing"). Each unseal makes a new key object (gen 0, 1);
   the barrier holds one reference, every request that uses it holds one; the object is wiped
   (OPENSSL_cleanse) when the last reference goes. -DRACY: the request checks "sealed" and takes
   the key in two steps (the bug the property must catch). */
bool sealed = 1;
byte gen = 0;               /* key object made by the latest unseal */
bool alive[2];              /* key object g still in memory (not wiped) */
byte refs[2];               /* references to key object g */
byte lateHolders = 0;       /* ghost: requests holding a key they took after it was sealed */
bool wasSealed[2];          /* ghost: key object g was dropped by a seal */

inline release(g) { refs[g]--; if :: refs[g] == 0 -> alive[g] = 0 :: else -> skip fi }

active proctype Operator() {
  byte n = 0;
  do
  :: atomic { sealed && n < 2 -> gen = n; alive[gen] = 1; refs[gen] = 1; sealed = 0; n++ }  /* PUT /unseal */
  :: atomic { !sealed -> sealed = 1; wasSealed[gen] = 1; release(gen) }                      /* PUT /seal */
  :: break
  od
}

active [2] proctype Request() {
  byte g; bool ok;
  do
  :: 
#ifdef RACY
     ok = !sealed; g = gen;
     atomic { if :: ok && alive[g] -> refs[g]++; if :: wasSealed[g] -> lateHolders++ :: else -> skip fi :: else -> ok = 0 fi };
#else
     atomic { if :: !sealed -> g = gen; refs[g]++; ok = 1 :: else -> ok = 0 fi };   /* else 503 SEALED */
#endif
     if
     :: ok -> skip;                                    /* use the key: encrypt / decrypt */
              atomic { if :: wasSealed[g] && lateHolders > 0 -> lateHolders-- :: else -> skip fi; release(g) }
     :: else -> skip
     fi
  :: break
  od
}

/* sealed implies no key in memory, except one still held by a request that began before the seal */
#define noKeyOrHeld(g) (!alive[g] || refs[g] > 0)
ltl sealedNoKey { [] ((sealed && refs[0] == 0 && refs[1] == 0) -> (!alive[0] && !alive[1])) }
ltl noLateUse   { [] (lateHolders == 0) }
ltl eventuallyWiped { [] ((wasSealed[0] -> <> !alive[0]) && (wasSealed[1] -> <> !alive[1])) }
