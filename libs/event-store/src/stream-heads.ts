// Remembers the last committed (version, hash) of recently used streams. An event at a given
// version never changes, so a remembered head is a fact, not a guess: when the caller's expected
// version matches it, the append needs no head lookup, and UNIQUE(stream_id, version) still
// catches anyone who appended since.

export interface StreamHead {
  version: number;
  hash: string;
}

export interface StreamHeads {
  /** The head to chain onto, if `expected` is known to be the stream's version at some point. */
  forExpected(streamId: string, expected: number): StreamHead | undefined;
  /** The last remembered head, whatever its version (a guess for 'any'; UNIQUE checks it). */
  latest(streamId: string): StreamHead | undefined;
  /** Only for committed events: a rolled-back append must never be chained onto. */
  remember(streamId: string, head: StreamHead): void;
}

export function streamHeads(capacity = 10_000): StreamHeads {
  const heads = new Map<string, StreamHead>();
  return {
    forExpected(streamId, expected) {
      if (expected === 0) return { version: 0, hash: '' };
      const head = heads.get(streamId);
      return head?.version === expected ? head : undefined;
    },
    latest(streamId) {
      return heads.get(streamId);
    },
    remember(streamId, head) {
      const known = heads.get(streamId);
      if (known && known.version >= head.version) return;
      heads.delete(streamId); // re-insert to keep Map order least-recently-written first
      heads.set(streamId, head);
      if (heads.size > capacity) heads.delete(heads.keys().next().value as string);
    },
  };
}
