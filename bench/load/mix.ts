// The mix of office work that bench:load sends, and the fault suite (faults/src/traffic.ts) too.
// One petition's way through the offices is 5 commands (register, accept, transfer, propose,
// approve the disposition) and then, for the three in four proposed for an inquiry (谈话函询), 4
// more (letter, reply, assess, conclude) or, for the one in four proposed for a preliminary
// verification (初核), 2 (plan, approve). The weights follow those ratios, so every stage is fed as
// fast as it is drained. A third of requests are reads: the clue ledger, a petition, a clue, the
// running clocks.
export type Op =
  | 'register'
  | 'accept'
  | 'transfer'
  | 'propose'
  | 'approveDisposition'
  | 'letter'
  | 'reply'
  | 'assess'
  | 'conclude'
  | 'plan'
  | 'approveVerification'
  | 'listClues'
  | 'getPetition'
  | 'getClue'
  | 'listClocks';

/** Each operation's weight, per 100 requests. */
export const MIX: ReadonlyArray<readonly [Op, number]> = [
  ['register', 8],
  ['accept', 8],
  ['transfer', 8],
  ['propose', 8],
  ['approveDisposition', 8],
  ['letter', 6],
  ['reply', 6],
  ['assess', 6],
  ['conclude', 6],
  ['plan', 2],
  ['approveVerification', 2],
  ['listClues', 10],
  ['getPetition', 8],
  ['getClue', 8],
  ['listClocks', 6],
];
export const QUERIES: ReadonlySet<Op> = new Set<Op>(['listClues', 'getPetition', 'getClue', 'listClocks']);
const TOTAL_WEIGHT = MIX.reduce((a, [, w]) => a + w, 0);

/** An operation drawn at random by its weight. */
export function pickOp(): Op {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const [op, w] of MIX) if ((r -= w) < 0) return op;
  return 'register';
}
