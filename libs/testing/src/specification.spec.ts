import { conflict, DomainException, invalid, type DomainError } from '@jiandu/contracts';
import { specification } from './specification.js';

// A toy decider in the style of the services: a counter that can be opened once and incremented.
type Command = { type: 'Open'; id: string } | { type: 'Increment'; by: number };
type Event = { type: 'Opened'; data: { id: string; at: string } } | { type: 'Incremented'; data: { by: number } };
type State = { status: 'none' } | { status: 'open'; total: number };
interface Context {
  now: string;
}

const alreadyOpen = conflict('ALREADY_OPEN', { zh: '已开启', en: 'already open' });
const tooMuch = invalid([{ path: 'by', message: { zh: '过大', en: 'too large' } }], 'INVALID_INPUT');

function decide(command: Command, state: State, context: Context): Event[] | DomainError {
  switch (command.type) {
    case 'Open':
      return state.status === 'open' ? alreadyOpen : [{ type: 'Opened', data: { id: command.id, at: context.now } }];
    case 'Increment':
      if (state.status !== 'open') throw new DomainException(conflict('NOT_OPEN', { zh: '未开启', en: 'not open' }));
      if (command.by === 0) return [];
      if (command.by > 100) return tooMuch;
      return [{ type: 'Incremented', data: { by: command.by } }];
  }
}

function evolve(state: State, event: Event): State {
  switch (event.type) {
    case 'Opened':
      return { status: 'open', total: 0 };
    case 'Incremented':
      return state.status === 'open' ? { status: 'open', total: state.total + event.data.by } : state;
  }
}

const spec = specification({ decide, evolve, initialState: (): State => ({ status: 'none' }) });
const now = { now: '2026-09-25T08:00:00.000Z' };

describe('specification', () => {
  it('passes when the command produces exactly the expected events', () => {
    spec
      .given([])
      .when({ type: 'Open', id: 'c1' }, now)
      .then([{ type: 'Opened', data: { id: 'c1', at: now.now } }]);
  });

  it('folds the given events into the state before deciding', () => {
    spec
      .given([{ type: 'Opened', data: { id: 'c1', at: now.now } }])
      .when({ type: 'Open', id: 'c1' }, now)
      .thenError('ALREADY_OPEN');
  });

  it('accepts a refusal thrown as a DomainException', () => {
    expect(spec.given([]).when({ type: 'Increment', by: 1 }, now).thenError('NOT_OPEN').status).toBe(409);
  });

  it('checks that nothing happened', () => {
    spec
      .given([{ type: 'Opened', data: { id: 'c1', at: now.now } }])
      .when({ type: 'Increment', by: 0 }, now)
      .thenNothing();
  });

  it('fails when the events differ', () => {
    expect(() =>
      spec
        .given([])
        .when({ type: 'Open', id: 'c1' }, now)
        .then([{ type: 'Opened', data: { id: 'c2', at: now.now } }]),
    ).toThrow();
  });

  it('fails when events were expected but the command was refused, naming the code', () => {
    expect(() =>
      spec
        .given([{ type: 'Opened', data: { id: 'c1', at: now.now } }])
        .when({ type: 'Open', id: 'c1' }, now)
        .then([]),
    ).toThrow(/ALREADY_OPEN/);
  });

  it('fails when an error was expected but events were produced, or the code differs', () => {
    expect(() => spec.given([]).when({ type: 'Open', id: 'c1' }, now).thenError('ALREADY_OPEN')).toThrow(/produced/);
    expect(() => spec.given([]).when({ type: 'Increment', by: 1 }, now).thenError('OTHER')).toThrow();
  });

  it('explains itself when an outcome is mistakenly awaited', async () => {
    await expect(
      (async () => await (spec.given([]).when({ type: 'Open', id: 'c1' }, now) as unknown as Promise<void>))(),
    ).rejects.toThrow(/not a promise/);
  });

  it('checks the status and a named field of a refusal too', () => {
    const opened = spec.given([{ type: 'Opened', data: { id: 'c1', at: now.now } }]);
    expect(opened.when({ type: 'Open', id: 'c1' }, now).thenError('ALREADY_OPEN', 409)).toBe(alreadyOpen);
    opened.when({ type: 'Increment', by: 101 }, now).thenError('INVALID_INPUT', 400, 'by');
    expect(() => opened.when({ type: 'Open', id: 'c1' }, now).thenError('ALREADY_OPEN', 422)).toThrow();
    expect(() => opened.when({ type: 'Increment', by: 101 }, now).thenError('INVALID_INPUT', 400, 'total')).toThrow();
  });

  it('reads the state the given events fold into', () => {
    expect(spec.given().state).toEqual({ status: 'none' });
    const counted = spec.given([
      { type: 'Opened', data: { id: 'c1', at: now.now } },
      { type: 'Incremented', data: { by: 2 } },
    ]);
    expect(counted.state).toEqual({ status: 'open', total: 2 });
    counted.when({ type: 'Increment', by: 3 }, now).then([{ type: 'Incremented', data: { by: 3 } }]);
    expect(counted.state).toEqual({ status: 'open', total: 2 });
  });

  it('hands over the events for finer assertions, and fails on a refusal, naming the code', () => {
    expect(spec.given([]).when({ type: 'Open', id: 'c1' }, now).events()).toMatchObject([{ type: 'Opened' }]);
    expect(() =>
      spec
        .given([{ type: 'Opened', data: { id: 'c1', at: now.now } }])
        .when({ type: 'Open', id: 'c1' }, now)
        .events(),
    ).toThrow(/ALREADY_OPEN/);
  });

  it('decides in the default context when a command names none', () => {
    const later = { now: '2026-10-01T00:00:00.000Z' };
    const withDefault = specification({ decide, evolve, initialState: (): State => ({ status: 'none' }) }, { context: now });
    withDefault
      .given()
      .when({ type: 'Open', id: 'c1' })
      .then([{ type: 'Opened', data: { id: 'c1', at: now.now } }]);
    withDefault
      .given()
      .when({ type: 'Open', id: 'c1' }, later)
      .then([{ type: 'Opened', data: { id: 'c1', at: later.now } }]);
  });
});
