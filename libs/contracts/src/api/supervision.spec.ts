import { API_OPERATIONS, checkRequest, supervisionOperations as sv } from './index.js';

const paths = (result: ReturnType<typeof checkRequest>) => (result.ok ? [] : result.fields.map((f) => f.path).sort());

describe('supervision operations', () => {
  it('follow the subject convention and are in the one table', () => {
    expect(sv.listInquiries.subject).toBe('jiandu.qry.supervision.list-inquiries');
    expect(sv.assessInquiry.subject).toBe('jiandu.cmd.supervision.assess-inquiry');
    for (const op of Object.values(sv)) {
      expect(op.service).toBe('supervision');
      expect(API_OPERATIONS).toContain(op);
    }
  });

  describe('assess-inquiry', () => {
    const base = { inquiryId: 'inq-1', note: '说明' };
    it('requires the measure of a light measure, and only then', () => {
      expect(checkRequest(sv.assessInquiry, { ...base, outcome: 'light-measure', measure: 'criticism' }).ok).toBe(true);
      expect(paths(checkRequest(sv.assessInquiry, { ...base, outcome: 'light-measure' }))).toEqual(['measure']);
      expect(paths(checkRequest(sv.assessInquiry, { ...base, outcome: 'accepted', measure: 'reminder' }))).toEqual(['measure']);
      expect(checkRequest(sv.assessInquiry, { ...base, outcome: 'second-round' }).ok).toBe(true);
    });
  });

  describe('submit-agency-report', () => {
    const base = { year: 2026, summary: '情况' };
    it('needs a quarter for a quarterly report and a unit for a political-ecology one', () => {
      expect(checkRequest(sv.submitAgencyReport, { ...base, kind: 'quarterly', quarter: 3 }).ok).toBe(true);
      expect(checkRequest(sv.submitAgencyReport, { ...base, kind: 'political-ecology', unitId: 'unit-1' }).ok).toBe(true);
      expect(paths(checkRequest(sv.submitAgencyReport, { ...base, kind: 'quarterly' }))).toEqual(['quarter']);
      expect(paths(checkRequest(sv.submitAgencyReport, { ...base, kind: 'political-ecology' }))).toEqual(['unitId']);
      expect(
        paths(checkRequest(sv.submitAgencyReport, { ...base, kind: 'political-ecology', unitId: 'u-1', quarter: 1 })),
      ).toEqual(['quarter']);
      expect(paths(checkRequest(sv.submitAgencyReport, { ...base, kind: 'quarterly', quarter: 5 }))).toEqual(['quarter']);
    });
  });

  describe('submit-verification-plan', () => {
    const base = { verificationId: 'v-1', plan: '方案', subjectHeadsLowerCommittee: false };
    it('takes a team of 2 to 20 distinct members', () => {
      expect(checkRequest(sv.submitVerificationPlan, { ...base, team: ['甲', '乙'] }).ok).toBe(true);
      expect(paths(checkRequest(sv.submitVerificationPlan, { ...base, team: ['甲'] }))).toEqual(['team']);
      expect(paths(checkRequest(sv.submitVerificationPlan, { ...base, team: ['甲', '甲'] }))).toEqual(['team']);
      expect(
        paths(checkRequest(sv.submitVerificationPlan, { ...base, team: Array.from({ length: 21 }, (_, i) => `m${i}`) })),
      ).toEqual(['team']);
    });
  });

  it('refuses unknown fields and bad dates', () => {
    expect(
      paths(
        checkRequest(sv.openRectification, {
          source: 'case',
          unitId: 'u-1',
          description: 'x',
          dueOn: '2026-13-01',
          colour: 'red',
        }),
      ),
    ).toEqual(['colour', 'dueOn']);
    expect(paths(checkRequest(sv.listClocks, { state: 'paused' }))).toEqual(['state']);
    expect(checkRequest(sv.listClocks, { state: 'breached', office: 'supervision-office-2', page: 1, pageSize: 200 }).ok).toBe(
      true,
    );
  });
});
