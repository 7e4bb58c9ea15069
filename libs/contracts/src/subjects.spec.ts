import fc from 'fast-check';
import { cmdSubject, evtFilter, evtSubject, parseEvtSubject, qrySubject } from './subjects.js';

const service = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const eventType = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,30}$/);
const version = fc.integer({ min: 1, max: 10_000 });

describe('Subjects', () => {
  it('names an event by service, type and version', () => {
    expect(evtSubject('petitions', 'PetitionTransferred', 1)).toBe('jiandu.evt.petitions.PetitionTransferred.v1');
  });

  it('names commands and queries by service and name', () => {
    expect(cmdSubject('petitions', 'register-petition')).toBe('jiandu.cmd.petitions.register-petition');
    expect(qrySubject('analytics', 'clueLedger')).toBe('jiandu.qry.analytics.clueLedger');
  });

  it('parses back every event subject it builds', () => {
    fc.assert(
      fc.property(service, eventType, version, (s, t, v) => {
        expect(parseEvtSubject(evtSubject(s, t, v))).toEqual({ service: s, type: t, version: v });
      }),
    );
  });

  it('refuses names that would break NATS subject tokens', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('.', '*', '>', ' ', '\t'), fc.string(), (before, bad, after) => {
        expect(() => evtSubject(`petitions${before}${bad}${after}`, 'Ok', 1)).toThrow();
        expect(() => evtSubject('petitions', `Ok${before}${bad}${after}`, 1)).toThrow();
      }),
    );
    expect(() => evtSubject('petitions', 'Petition.Accepted', 1)).toThrow();
    expect(() => evtSubject('petitions', 'PetitionAccepted', 0)).toThrow();
    expect(() => evtSubject('petitions', 'PetitionAccepted', 1.5)).toThrow();
  });

  it('does not parse what is not an event subject', () => {
    for (const subject of [
      'jiandu.cmd.petitions.register',
      'jiandu.evt.petitions.PetitionAccepted',
      'jiandu.evt.petitions.PetitionAccepted.1',
      'jiandu.evt.petitions.PetitionAccepted.v0',
      'jiandu.evt.petitions.PetitionAccepted.v01',
      'jiandu.evt.petitions.PetitionAccepted.v1.extra',
      'other.evt.petitions.PetitionAccepted.v1',
      'jiandu.evt.Petitions.PetitionAccepted.v1',
    ]) {
      expect(parseEvtSubject(subject)).toBeUndefined();
    }
  });

  it('never throws on arbitrary input to the parser', () => {
    fc.assert(fc.property(fc.string(), (s) => void parseEvtSubject(s)));
  });

  it('filters all events of a service, or one type in every version', () => {
    expect(evtFilter('petitions')).toBe('jiandu.evt.petitions.>');
    expect(evtFilter('petitions', 'PetitionTransferred')).toBe('jiandu.evt.petitions.PetitionTransferred.*');
  });
});
