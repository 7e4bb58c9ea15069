// Every decision on the reporter identity read is recorded by the gateway, refusals included: an
// audit line (subject id, office, outcome, code, the petition id) and a counter, never the name in
// the token, the reason given or what the service answered.
import { call, startHarness, tokenFor, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const REASON = '核实举报人联系方式';
const read = (token: string | undefined, id = 'p-1') =>
  call(h.url, 'GET', `/api/v1/petitions/${id}/reporter?reason=${encodeURIComponent(REASON)}`, token ? { token } : {});
const audits = () =>
  h
    .logLines()
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry['audit'] === 'sensitive-read');
async function metric(sample: string): Promise<number> {
  const line = (await (await fetch(`${h.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(`${sample} `));
  return Number(line?.slice(sample.length + 1));
}

describe('the sensitive-read audit', () => {
  it('records a granted read, the access policy’s refusal, a token refused and the service’s refusal', async () => {
    const granted = 'jiandu_gateway_sensitive_reads_total{operation="read-reporter",outcome="granted"}';
    const refused = 'jiandu_gateway_sensitive_reads_total{operation="read-reporter",outcome="refused"}';
    expect([await metric(granted), await metric(refused)]).toEqual([0, 0]);
    const identity = { name: '王审计', phone: '13800001111' };
    h.stub.respond(() => ({ ok: true, value: identity }));
    const office = await tokenFor('petition-office', { name: '张信访' });
    expect((await read(office)).status).toBe(200);
    const outsider = await tokenFor('case-management', { name: '李案管' });
    expect((await read(outsider, 'p-2')).status).toBe(403);
    expect((await read(undefined, 'p-3')).status).toBe(401);
    h.stub.respond(() => ({
      ok: false,
      error: { code: 'PETITION_ANONYMOUS', status: 422, message: { zh: '匿名', en: 'anonymous' } },
    }));
    expect((await read(office, 'p-4')).status).toBe(422);

    expect(
      audits().map(({ outcome, status, code, office, sub, itemId, operation }) => ({
        outcome,
        status,
        code,
        office,
        sub,
        itemId,
        operation,
      })),
    ).toEqual([
      {
        operation: 'read-reporter',
        outcome: 'granted',
        status: 200,
        code: undefined,
        office: 'petition-office',
        sub: 'u-petition-office',
        itemId: 'p-1',
      },
      {
        operation: 'read-reporter',
        outcome: 'refused',
        status: 403,
        code: 'FORBIDDEN',
        office: 'case-management',
        sub: 'u-case-management',
        itemId: 'p-2',
      },
      {
        operation: 'read-reporter',
        outcome: 'refused',
        status: 401,
        code: 'UNAUTHENTICATED',
        office: undefined,
        sub: undefined,
        itemId: 'p-3',
      },
      {
        operation: 'read-reporter',
        outcome: 'refused',
        status: 422,
        code: 'PETITION_ANONYMOUS',
        office: 'petition-office',
        sub: 'u-petition-office',
        itemId: 'p-4',
      },
    ]);
    for (const entry of audits()) expect(typeof entry['correlationId']).toBe('string');
    const text = audits()
      .map((entry) => JSON.stringify(entry))
      .join('\n');
    for (const personal of ['张信访', '李案管', REASON, identity.name, identity.phone]) expect(text).not.toContain(personal);
    expect([await metric(granted), await metric(refused)]).toEqual([1, 3]);
  });

  it('names the item only when it is a well-formed id', async () => {
    const office = await tokenFor('petition-office');
    const before = audits().length;
    await read(office, encodeURIComponent('王某 13800001111'));
    const [entry] = audits().slice(before);
    expect(entry).toMatchObject({ outcome: 'refused' });
    expect(entry).not.toHaveProperty('itemId');
  });
});
