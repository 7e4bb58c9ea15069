import type { Actor } from '@jiandu/decision';
import { unitInCallerZones } from './units.js';

const actor = (office: string, zones: string[]): Actor => ({
  sub: 'u-1',
  name: 'User',
  office: office as Actor['office'],
  roles: [],
  zones,
});

describe('a unit for a recommendation, a rectification or an analysis', () => {
  it('must be registered', () => {
    expect(unitInCallerZones('u-9', undefined, actor('supervision-office-1', ['z1']))).toMatchObject({
      code: 'UNIT_NOT_FOUND',
      status: 404,
      fields: [{ path: 'unitId' }],
    });
  });

  it("must lie in one of the caller's zones on the day", () => {
    expect(unitInCallerZones('u-1', { unitId: 'u-1', zoneId: 'z1' }, actor('supervision-office-1', ['z1']))).toBeUndefined();
    expect(unitInCallerZones('u-1', { unitId: 'u-1', zoneId: 'z1' }, actor('supervision-office-2', ['z2']))).toMatchObject({
      code: 'FORBIDDEN_ZONE',
      status: 403,
    });
    expect(unitInCallerZones('u-1', { unitId: 'u-1' }, actor('supervision-office-1', ['z1']))).toMatchObject({
      code: 'FORBIDDEN_ZONE',
      status: 403,
    });
  });

  it('is, for a 派驻机构, one of its own units or a unit of its zones, and nothing else', () => {
    expect(unitInCallerZones('u-1', { unitId: 'u-1', zoneId: 'z1' }, actor('dispatched-agency-a', ['u-1']))).toBeUndefined();
    expect(unitInCallerZones('u-1', { unitId: 'u-1', zoneId: 'za' }, actor('dispatched-agency-a', ['za']))).toBeUndefined();
    expect(unitInCallerZones('u-2', { unitId: 'u-2', zoneId: 'z1' }, actor('dispatched-agency-a', ['u-1']))).toMatchObject({
      code: 'FORBIDDEN_ZONE',
    });
    // A supervision office's claim names zones only: a unit id there reaches nothing.
    expect(unitInCallerZones('u-1', { unitId: 'u-1', zoneId: 'z1' }, actor('supervision-office-2', ['u-1']))).toMatchObject({
      code: 'FORBIDDEN_ZONE',
    });
  });

  it('refuses in both languages', () => {
    const refused = unitInCallerZones('u-1', { unitId: 'u-1', zoneId: 'z1' }, actor('dispatched-agency-a', ['za']));
    expect(refused?.message.zh).toMatch(/协作区/);
    expect(refused?.message.en).toMatch(/zones/);
  });

  it('is any unit for the offices that see every zone', () => {
    expect(unitInCallerZones('u-1', { unitId: 'u-1', zoneId: 'z1' }, actor('leadership', []))).toBeUndefined();
  });
});
