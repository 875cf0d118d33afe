/* The chunked commit of one key and the orphaned-chunk sweeper (docs/zookeeper-layout.md, "Large
   values"), as Sources/SecretStoreZooKeeperStorage writes them.

   Sets: 0 holds the value present at start; 1 and 2 are the sets of writers 1 and 2; 2 chunks a
   set. A writer creates its set (version 0) and the chunks one request each, then commits in one
   multi: the record's version as read, its set still at version 0, the replaced set deleted. It may
   crash (or lose its connection for good) before the multi; its set then ages past the grace period.
   The sweeper looks at the owner's record, condemns an unowned old set (set data, version 0 -> 1),
   looks at the record again, and only then deletes the chunks and the set, one request each.

   -DSLOW_WRITER  the grace period does not hold: a live writer's set may be old (a writer stalled
                  for ten minutes); the protocol must stay safe without the timing assumption.
   -DNO_CONDEMN   the sweeper as it was before: one look at the record, then the deletes. With
                  SLOW_WRITER this loses an acknowledged value (the negative control).

   Properties: noLoss (the record always names a complete set, the last one committed: no
   acknowledged write is lost), and the readers' assertion (a value is assembled only from a set
   that was committed: no reader sees a partial or phantom value). */
#define NCH 2
#define SETS 3
byte rec = 0;               /* the record's manifest: which set holds the value */
byte rver = 0;              /* the record's znode version */
bool setNode[SETS];         /* @chunks/<id> exists */
byte setVer[SETS];          /* its znode version: 0, or 1 once condemned */
bool chunk[SETS * NCH];     /* @chunks/<id>/<i> exists */
bool old[SETS];             /* older than the grace period */
bool acked[SETS];           /* ghost: the writer's client was told it succeeded */
bool wasCommitted[SETS];    /* ghost: some multi made the record name this set */
byte committed = 0;         /* ghost: the set the last successful multi installed */
bool ready = 0;
#define complete(s) (setNode[s] && chunk[(s) * NCH] && chunk[(s) * NCH + 1])

inline deleteSet(s) { chunk[(s) * NCH] = 0; chunk[(s) * NCH + 1] = 0; setNode[s] = 0 }

proctype Writer(byte me) {
  byte v, o;
  bool done = 0, made = 0;
  atomic { setNode[me] = 1; setVer[me] = 0 };   /* step 1: the set (one create, version 0) ... */
  d_step { if :: setNode[me] -> chunk[me * NCH] = 1; made = 1 :: else -> made = 0 fi };
  if :: !made -> goto end :: else -> skip fi;   /* ... and each chunk: a create under a deleted */
  d_step { if :: setNode[me] -> chunk[me * NCH + 1] = 1; made = 1 :: else -> made = 0 fi };
  if :: !made -> goto end :: else -> skip fi;   /* set fails, and so does the write */
  if :: skip :: goto crash fi;
retry:
  atomic { v = rver; o = rec };             /* the record as read before the multi */
  if :: skip :: goto crash fi;
  d_step {                                   /* step 2: one multi, all or nothing */
    if
    :: rver == v && setNode[me] && setVer[me] == 0 ->
         rec = me; rver++; committed = me; wasCommitted[me] = 1;
         if :: o != me -> deleteSet(o) :: else -> skip fi;
         done = 1
    :: else -> skip
    fi
  }
  if
  :: done -> acked[me] = 1
  :: !done && setNode[me] && setVer[me] == 0 -> goto retry   /* another write won: try again */
  :: !done && !(setNode[me] && setVer[me] == 0) -> goto end  /* condemned: not acknowledged */
  fi;
  goto end;
crash:
  old[me] = 1;
end: skip
}

proctype Sweeper() {
  byte s = 0, r;
  do
  :: s < SETS ->
     if
     :: setNode[s] && old[s] ->
          r = rec;                           /* isOwned: the owner's record */
          if
          :: r != s ->
#ifndef NO_CONDEMN
               d_step { if :: setNode[s] -> setVer[s] = 1 :: else -> skip fi };   /* condemn */
               r = rec;                      /* isOwned again */
               if
               :: r != s ->
#endif
                    chunk[s * NCH] = 0;      /* deleteChunkSet: one request each */
                    chunk[s * NCH + 1] = 0;
                    setNode[s] = 0
#ifndef NO_CONDEMN
               :: else -> skip
               fi
#endif
          :: else -> skip
          fi
     :: else -> skip
     fi;
     s++
  :: else -> break
  od
}

#ifdef SLOW_WRITER
active proctype Ager() { do :: old[1] = 1 :: old[2] = 1 :: break od }
#endif

proctype Reader() {
  byte s, tries = 0;
  bool c0, c1;
again:
  s = rec;                                   /* the record, then the chunks it names */
  c0 = chunk[s * NCH];
  c1 = chunk[s * NCH + 1];
  if
  :: c0 && c1 -> assert(wasCommitted[s])     /* assembled from one committed set only */
  :: else -> tries++; if :: tries < 3 -> goto again :: else -> skip fi   /* replaced: again */
  fi
}

init {
  atomic {
    setNode[0] = 1; chunk[0] = 1; chunk[1] = 1; old[0] = 1; wasCommitted[0] = 1; ready = 1;
    run Writer(1); run Writer(2); run Sweeper(); run Reader()
  }
}

ltl noLoss { [] (ready -> (complete(rec) && rec == committed)) }
