// Zero trust between services (issue 14, ADR 0019), on the real processes: a message published
// straight onto NATS that names a caller its token does not prove is refused by the service itself
// (CALLER_UNVERIFIED, counted in its /metrics, no handler run), whether it claims to be a person
// (the petition office reading a reporter's identity) or a service (案管 asking 信访室 for an
// accused's name); the same read through the gateway with a real token works, and so does the
// service-to-service call made with the caller's own key (a transferred petition becomes a clue).
import { generateKeyPairSync } from 'node:crypto';
import { devServicePrivateKey, signServiceToken, signToken, type Actor } from '@jiandu/access';
import { accusedOperations, DomainException, petitionOperations } from '@jiandu/contracts';
import { createRpcClient, natsClientProxy, withNamespace, type RpcClient } from '@jiandu/messaging';
import { eventually } from '@jiandu/testing';
import { clueIdOf, registerZonesAndUnits, REPORTER_VALUES, tokens, transferPetition, type Tokens } from '../src/fixtures.js';
import { JWT_SECRET, startSystem, type System } from '../src/system.js';

const REGISTRAR = { sub: 'system:case-management', name: '案管室自动登记', office: 'case-management' };
const PUBLICITY = { sub: 'system:publicity', name: '组宣部核查系统', office: 'publicity-dept' };

describe('Zero trust between services', () => {
  let sys: System;
  let t: Tokens;
  let rpc: RpcClient;
  let petition: { id: string };
  beforeAll(async () => {
    sys = await startSystem();
    t = await tokens(sys);
    await registerZonesAndUnits(sys, t);
    rpc = createRpcClient(natsClientProxy(sys.natsUrl));
    petition = await transferPetition(sys, t, 'u-street');
  });
  afterAll(async () => {
    await rpc?.close();
    await sys?.stop();
  });

  /** The service's answer to one message published straight onto NATS, past the gateway. */
  const direct = (subject: string, actor: unknown, payload: unknown, token?: string) =>
    rpc.call(withNamespace(sys.namespace, subject), actor as Actor, payload, token ? { token } : {}).then(
      (value) => ({ ok: true as const, value }),
      (e: unknown) => ({ ok: false as const, code: e instanceof DomainException ? e.error.code : String(e), error: e }),
    );
  const unverified = (n: number) =>
    eventually(async () => {
      const text = await sys.metrics('petitions');
      const line = text
        .split('\n')
        .find((l) => l.includes('code="CALLER_UNVERIFIED"') && l.includes('operation="read-reporter"'));
      return Number(line?.split(' ').pop() ?? 0) >= n;
    });

  it('refuses a reporter read that claims to be the petition office without proving it', async () => {
    const office: Actor = {
      sub: 'u-petition-office',
      name: '信访室干部',
      office: 'petition-office',
      roles: ['staff'],
      zones: [],
    };
    const payload = { petitionId: petition.id, reason: '核实身份' };
    const subject = petitionOperations.readReporter.subject;
    const forged = [
      await direct(subject, office, payload), // no token at all
      await direct(subject, office, payload, await signToken(office, 'not-the-secret-of-this-system-at-all-0123')),
      await direct(subject, office, payload, await sys.token({ office: 'case-management', name: '案管室干部' })),
      // A service's real token, but read-reporter is neither in its scope nor in its grant.
      await direct(
        subject,
        REGISTRAR,
        payload,
        await signServiceToken('case-management', devServicePrivateKey('case-management'), 'petitions', REGISTRAR),
      ),
    ];
    for (const answer of forged) {
      expect(answer).toMatchObject({ ok: false, code: 'CALLER_UNVERIFIED' });
      const { message, status } = (answer as { error: DomainException }).error.error;
      expect(status).toBe(403);
      expect(message.zh).toMatch(/调用方/);
      expect(message.en).toMatch(/caller/);
    }
    expect(await unverified(forged.length)).toBe(true);
    // The refusals are logged without the reporter or the claimed person.
    const logged = sys.logs.filter((l) => l.includes('caller unverified')).join('\n');
    expect(logged).toContain('read-reporter');
    for (const value of [...REPORTER_VALUES, '信访室干部', '案管室干部']) expect(logged).not.toContain(value);
  });

  it('serves the same read through the gateway with a real token, and straight with the token it names', async () => {
    const url = `/api/v1/petitions/${petition.id}/reporter?reason=${encodeURIComponent('核实身份')}`;
    const res = await sys.api('GET', url, t.petitionOffice);
    expect(res.status).toBe(200);
    const office = {
      sub: 'u-petition-office',
      name: '信访室干部',
      office: 'petition-office' as const,
      roles: ['staff'],
      zones: [],
    };
    const own = await direct(
      petitionOperations.readReporter.subject,
      office,
      { petitionId: petition.id, reason: '核实身份' },
      await signToken(office, JWT_SECRET),
    );
    expect(own).toMatchObject({ ok: true });
  });

  it('refuses a service-to-service call (read-accused) with a forged or foreign service token', async () => {
    const subject = accusedOperations.readAccused.subject;
    const payload = { petitionId: petition.id };
    const answers = [
      await direct(subject, { ...REGISTRAR, roles: [], zones: [] }, payload),
      await direct(
        subject,
        { ...REGISTRAR, roles: [], zones: [] },
        payload,
        await signServiceToken('case-management', generateKeyPairSync('ed25519').privateKey, 'petitions', REGISTRAR),
      ),
      // publicity's own valid key: read-accused is not granted to it.
      await direct(
        subject,
        { ...PUBLICITY, roles: [], zones: [] },
        payload,
        await signServiceToken('publicity', devServicePrivateKey('publicity'), 'petitions', PUBLICITY, {
          scope: ['read-accused'],
        }),
      ),
      // A person's real token of 案管: read-accused serves the case-management service alone.
      await direct(subject, undefined, payload, await sys.token({ office: 'case-management', name: '案管室干部' })),
    ];
    expect(answers.map((a) => (a.ok ? 'ok' : a.code))).toEqual([
      'CALLER_UNVERIFIED',
      'CALLER_UNVERIFIED',
      'CALLER_UNVERIFIED',
      'CALLER_UNVERIFIED',
    ]);
  });

  it('lets case-management ask with its own service token: the transferred petition became a clue', async () => {
    await eventually(
      async () => (await sys.api('GET', `/api/v1/clues/${clueIdOf(petition.id)}`, t.caseManagement)).status === 200,
    );
    const asked = await direct(
      accusedOperations.readAccused.subject,
      { ...REGISTRAR, roles: [], zones: [] },
      { petitionId: petition.id },
      await signServiceToken('case-management', devServicePrivateKey('case-management'), 'petitions', REGISTRAR),
    );
    expect(asked).toMatchObject({ ok: true, value: { petitionId: petition.id } });
  });
});
