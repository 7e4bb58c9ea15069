import { streamHeads } from '../src/stream-heads.js';

describe('streamHeads', () => {
  it('knows the head of every new stream', () => {
    expect(streamHeads().forExpected('s', 0)).toEqual({ version: 0, hash: '' });
  });

  it('offers a remembered head only for the expected version it records', () => {
    const heads = streamHeads();
    heads.remember('s', { version: 3, hash: 'h3' });
    expect(heads.forExpected('s', 3)).toEqual({ version: 3, hash: 'h3' });
    expect(heads.forExpected('s', 2)).toBeUndefined();
  });

  it('never moves a head backwards', () => {
    const heads = streamHeads();
    heads.remember('s', { version: 3, hash: 'h3' });
    heads.remember('s', { version: 2, hash: 'h2' });
    expect(heads.forExpected('s', 3)).toEqual({ version: 3, hash: 'h3' });
  });

  it('forgets the least recently written stream beyond its capacity', () => {
    const heads = streamHeads(2);
    heads.remember('a', { version: 1, hash: 'a' });
    heads.remember('b', { version: 1, hash: 'b' });
    heads.remember('c', { version: 1, hash: 'c' });
    expect(heads.forExpected('a', 1)).toBeUndefined();
    expect(heads.forExpected('c', 1)).toEqual({ version: 1, hash: 'c' });
  });
});
