import { API_OPERATIONS, caseManagementOperations, checkRequest, petitionOperations } from './index.js';

const reporter = { name: '张三', phone: '13800000000', idNumber: '110101199001011234', address: '西安市灞桥区' };
const petition = {
  channel: 'letter',
  realName: true,
  reporter,
  accused: { name: '李四', position: '科长', unitId: 'unit-1' },
  category: '违反八项规定',
  summary: '公款吃喝',
  content: '详细内容',
};

describe('API operations', () => {
  it('name every subject by the command/query convention, once', () => {
    const subjects = API_OPERATIONS.map((op) => op.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(petitionOperations.registerPetition.subject).toBe('jiandu.cmd.petitions.register-petition');
    expect(petitionOperations.lookup.subject).toBe('jiandu.qry.petitions.lookup');
    expect(caseManagementOperations.listClues.subject).toBe('jiandu.qry.case-management.list-clues');
  });

  describe('register-petition', () => {
    const op = petitionOperations.registerPetition;

    it('accepts a real-name petition with its reporter', () => {
      expect(checkRequest(op, petition)).toEqual({ ok: true, value: petition });
    });

    it('refuses a real-name petition without reporter, in both languages', () => {
      const result = checkRequest(op, { ...petition, reporter: undefined });
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.fields).toEqual([
          { path: 'reporter', message: { zh: expect.any(String), en: expect.stringContaining('real-name') } },
        ]);
    });

    it('refuses an anonymous petition that carries a reporter, without quoting it', () => {
      const result = checkRequest(op, { ...petition, realName: false });
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain(reporter.name);
    });

    it('refuses unknown fields, also inside the reporter', () => {
      const result = checkRequest(op, { ...petition, reporter: { ...reporter, email: 'x@y.z' } });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.fields.map((f) => f.path)).toEqual(['reporter.email']);
    });

    it('refuses a bad id number without echoing it', () => {
      const result = checkRequest(op, { ...petition, reporter: { ...reporter, idNumber: '1101 0119' } });
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain('1101 0119');
    });
  });

  describe('list-clues', () => {
    it('bounds the page size', () => {
      expect(checkRequest(caseManagementOperations.listClues, { pageSize: 201 }).ok).toBe(false);
      expect(checkRequest(caseManagementOperations.listClues, { page: 1, pageSize: 200, status: 'assigned' }).ok).toBe(true);
    });
  });
});
