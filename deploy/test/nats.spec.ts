// deploy/nats/nats.conf: syntax checked by nats-server itself, and the per-service permissions
// exercised against a real server started from it (on free ports, with a temporary store).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { reviewPublicEvents, supervisionPublicEvents, type EventContract } from '@jiandu/contracts';
import { read, run } from './helpers.js';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const PASSWORDS = {
  PETITIONS_NATS_PASSWORD: 'pw-petitions',
  CASE_MANAGEMENT_NATS_PASSWORD: 'pw-case-management',
  SUPERVISION_NATS_PASSWORD: 'pw-supervision',
  REVIEW_NATS_PASSWORD: 'pw-review',
  ANALYTICS_NATS_PASSWORD: 'pw-analytics',
  PUBLICITY_NATS_PASSWORD: 'pw-publicity',
  GATEWAY_NATS_PASSWORD: 'pw-gateway',
  OPS_NATS_PASSWORD: 'pw-ops',
};
const conf = read('deploy/nats/nats.conf');

function serverMinor(): number {
  const version = /v?(\d+)\.(\d+)/.exec(run(NATS_SERVER, ['--version']).stdout);
  if (!version) throw new Error(`cannot read the version of ${NATS_SERVER}`);
  return Number(version[1]) * 100 + Number(version[2]);
}

/** nats-server before 2.10 does not know `sync_interval`; test the rest of the file with it. */
function confForLocalServer(extra: (text: string) => string = (t) => t): string {
  const text = serverMinor() >= 210 ? conf : conf.replace(/^\s*sync_interval:.*$/m, '');
  return extra(text);
}

const dir = mkdtempSync(path.join(tmpdir(), 'nats-conf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConf(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('nats.conf', () => {
  it('turns JetStream on with fsync on every write', () => {
    const jetstreamBlock = /jetstream\s*\{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(jetstreamBlock).toMatch(/^\s*store_dir:\s*"\/data\/jetstream"\s*$/m);
    expect(jetstreamBlock).toMatch(/^\s*sync_interval:\s*always\s*$/m);
  });

  it('is accepted by nats-server -t with the passwords in the environment', () => {
    const file = writeConf('test.conf', confForLocalServer());
    const result = run(NATS_SERVER, ['-t', '-c', file], { env: { ...process.env, ...PASSWORDS } });
    expect(result.stderr + result.stdout).toMatch(/valid/);
    expect(result.status).toBe(0);
  });

  it.each(Object.keys(PASSWORDS))('is refused when %s is missing', (name) => {
    const file = writeConf('test.conf', confForLocalServer());
    const rest = Object.fromEntries(Object.entries(PASSWORDS).filter(([key]) => key !== name));
    const result = run(NATS_SERVER, ['-t', '-c', file], { env: { PATH: process.env.PATH, ...rest } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(name);
  });

  it('has no literal password', () => {
    for (const match of conf.matchAll(/password:\s*(\S+)/g)) expect(match[1]).toMatch(/^\$[A-Z_]+$/);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('nats.conf permissions on a running server', () => {
  let server: ChildProcess;
  let port: number;
  const connections: NatsConnection[] = [];
  const as = async (user: string, pass: string) => {
    const nc = await connect({ servers: `127.0.0.1:${port}`, user, pass, reconnect: false });
    connections.push(nc);
    return nc;
  };
  /** Resolves with the permission error the server sends for the next violation, if any. */
  const violation = async (nc: NatsConnection, action: () => Promise<unknown> | void): Promise<string | undefined> => {
    const errors: string[] = [];
    const watcher = (async () => {
      for await (const status of nc.status()) if (status.type === 'error') errors.push(String(status.error));
    })();
    try {
      await action();
    } catch (error) {
      errors.push(String(error));
    }
    await nc.flush();
    await new Promise((resolve) => setTimeout(resolve, 150));
    void watcher;
    return errors.find((e) => /permission/i.test(e));
  };

  beforeAll(async () => {
    port = await freePort();
    const monitor = await freePort();
    const store = path.join(dir, 'js');
    const file = writeConf(
      'running.conf',
      confForLocalServer((text) =>
        text
          .replace(/^port:.*$/m, `port: ${port}\nhost: 127.0.0.1`)
          .replace(/^http_port:.*$/m, `http_port: ${monitor}`)
          .replace(/store_dir:.*$/m, `store_dir: "${store}"`)
          .replace(/max_file_store:.*$/m, 'max_file_store: 64MB'),
      ),
    );
    server = spawn(NATS_SERVER, ['-c', file], { env: { ...process.env, ...PASSWORDS }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    server.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    for (let i = 0; i < 100; i++) {
      try {
        const probe = await connect({
          servers: `127.0.0.1:${port}`,
          user: 'ops',
          pass: PASSWORDS.OPS_NATS_PASSWORD,
          reconnect: false,
        });
        await probe.close();
        return;
      } catch {
        if (server.exitCode !== null) throw new Error(`nats-server exited: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`nats-server did not start: ${stderr}`);
  });

  afterAll(async () => {
    for (const nc of connections) await nc.close().catch(() => undefined);
    server?.kill('SIGTERM');
  });

  it('rejects a wrong password', async () => {
    await expect(connect({ servers: `127.0.0.1:${port}`, user: 'gateway', pass: 'wrong', reconnect: false })).rejects.toThrow(
      /auth/i,
    );
  });

  it.each([
    ['petitions', PASSWORDS.PETITIONS_NATS_PASSWORD],
    ['case-management', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD],
    ['supervision', PASSWORDS.SUPERVISION_NATS_PASSWORD],
    ['review', PASSWORDS.REVIEW_NATS_PASSWORD],
    ['publicity', PASSWORDS.PUBLICITY_NATS_PASSWORD],
  ])('lets the gateway request commands and queries of %s, and the service reply', async (name, pass) => {
    const service = await as(name, pass);
    const gateway = await as('gateway', PASSWORDS.GATEWAY_NATS_PASSWORD);
    // as the service host does: one queue group per service, so one replica answers
    service.subscribe(`jiandu.cmd.${name}.>`, { queue: name, callback: (_e, msg) => void msg.respond(`cmd:${msg.subject}`) });
    service.subscribe(`jiandu.qry.${name}.>`, { queue: name, callback: (_e, msg) => void msg.respond(`qry:${msg.subject}`) });
    await service.flush();
    expect((await gateway.request(`jiandu.cmd.${name}.register`, 'x', { timeout: 2000 })).string()).toBe(
      `cmd:jiandu.cmd.${name}.register`,
    );
    expect((await gateway.request(`jiandu.qry.${name}.get`, 'x', { timeout: 2000 })).string()).toBe(`qry:jiandu.qry.${name}.get`);
  });

  it('keeps the gateway off events and JetStream', async () => {
    const gateway = await as('gateway', PASSWORDS.GATEWAY_NATS_PASSWORD);
    expect(await violation(gateway, () => gateway.publish('jiandu.evt.petitions.PetitionRegistered.v1', 'x'))).toBeDefined();
    expect(await violation(gateway, () => gateway.publish('jiandu.evt.supervision.InquiryConcluded.v1', 'x'))).toBeDefined();
    expect(await violation(gateway, () => gateway.publish('$JS.API.STREAM.NAMES', ''))).toBeDefined();
  });

  it('keeps a service off the commands of another service and off its events', async () => {
    const petitions = await as('petitions', PASSWORDS.PETITIONS_NATS_PASSWORD);
    expect(await violation(petitions, () => void petitions.subscribe('jiandu.cmd.case-management.>'))).toBeDefined();
    expect(
      await violation(petitions, () => petitions.publish('jiandu.evt.case-management.ClueRegistered.v1', 'x')),
    ).toBeDefined();
    expect(await violation(petitions, () => petitions.publish('jiandu.cmd.case-management.register', 'x'))).toBeDefined();
    expect(await violation(petitions, () => void petitions.subscribe('jiandu.qry.supervision.>'))).toBeDefined();
    expect(await violation(petitions, () => petitions.publish('jiandu.evt.supervision.InquiryConcluded.v1', 'x'))).toBeDefined();
  });

  it('lets a service declare the stream, publish its own events, and consume with a durable', async () => {
    const petitions = await as('petitions', PASSWORDS.PETITIONS_NATS_PASSWORD);
    const jsm = await jetstreamManager(petitions);
    await jsm.streams.add({ name: 'JIANDU_EVENTS', subjects: ['jiandu.evt.>'], duplicate_window: 120_000_000_000 });
    await jsm.streams.update('JIANDU_EVENTS', { subjects: ['jiandu.evt.>'], duplicate_window: 120_000_000_000 });
    expect((await jsm.streams.info('JIANDU_EVENTS')).config.name).toBe('JIANDU_EVENTS');
    const ack = await jetstream(petitions).publish('jiandu.evt.petitions.PetitionRegistered.v1', 'e1', { msgID: 'e1' });
    expect(ack.stream).toBe('JIANDU_EVENTS');

    const caseManagement = await as('case-management', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD);
    const cmJsm = await jetstreamManager(caseManagement);
    await cmJsm.consumers.add('JIANDU_EVENTS', {
      durable_name: 'case-management--petition-transferred',
      ack_policy: AckPolicy.Explicit,
      filter_subject: 'jiandu.evt.petitions.>',
    });
    const consumer = await jetstream(caseManagement).consumers.get('JIANDU_EVENTS', 'case-management--petition-transferred');
    const messages = await consumer.fetch({ max_messages: 1, expires: 2000 });
    const seen: string[] = [];
    for await (const msg of messages) {
      seen.push(msg.string());
      msg.ack();
    }
    expect(seen).toEqual(['e1']);
    await caseManagement.flush();
  });

  it('keeps a service from publishing events of another service into the stream', async () => {
    const caseManagement = await as('case-management', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD);
    await expect(
      jetstream(caseManagement).publish('jiandu.evt.petitions.PetitionRegistered.v1', 'forged', { timeout: 1000 }),
    ).rejects.toThrow();
  });

  // Zero trust (ADR 0019): every service, not just one, is kept to its own subjects. None may ask
  // 信访室 for a reporter's identity, publish another service's events, or take another's requests;
  // what it may ask of another service is only what SERVICE_GRANTS (libs/access) grants it.
  it.each([
    ['petitions', PASSWORDS.PETITIONS_NATS_PASSWORD, 'case-management'],
    ['case-management', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD, 'petitions'],
    ['supervision', PASSWORDS.SUPERVISION_NATS_PASSWORD, 'petitions'],
    ['review', PASSWORDS.REVIEW_NATS_PASSWORD, 'supervision'],
    ['analytics', PASSWORDS.ANALYTICS_NATS_PASSWORD, 'review'],
    ['publicity', PASSWORDS.PUBLICITY_NATS_PASSWORD, 'case-management'],
  ])('refuses %s publishing or subscribing outside its subjects', async (name, pass, other) => {
    const nc = await as(name, pass);
    for (const subject of [
      'jiandu.cmd.petitions.read-reporter',
      'jiandu.qry.petitions.get-petition',
      `jiandu.cmd.${other}.register`,
      `jiandu.evt.${other}.Forged.v1`,
    ])
      expect([subject, await violation(nc, () => nc.publish(subject, 'x'))]).toEqual([subject, expect.any(String)]);
    expect(await violation(nc, () => void nc.subscribe(`jiandu.cmd.${other}.>`))).toBeDefined();
  });

  const STREAM = { name: 'JIANDU_EVENTS', subjects: ['jiandu.evt.>'], duplicate_window: 120_000_000_000 };
  /** Creates (or finds) the durable as the service host does, then pulls one message and acks it. */
  const consumeOne = async (nc: NatsConnection, durable: string, filter: string): Promise<string[]> => {
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add('JIANDU_EVENTS', { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: filter });
    expect((await jsm.consumers.info('JIANDU_EVENTS', durable)).config.filter_subject).toBe(filter);
    const messages = await (
      await jetstream(nc).consumers.get('JIANDU_EVENTS', durable)
    ).fetch({ max_messages: 1, expires: 2000 });
    const seen: string[] = [];
    for await (const msg of messages) {
      seen.push(msg.string());
      msg.ack();
    }
    await nc.flush();
    return seen;
  };

  // The integrity files (廉政档案) and the clue ledger read review's and publicity's events on their
  // own durables (services/case-management/src/reactors), each one named in nats.conf's comment.
  it.each([
    ['review', 'SanctionDecided', 'case-management--sanction-decided', PASSWORDS.REVIEW_NATS_PASSWORD],
    ['review', 'SanctionDecided', 'case-management--integrity-sanction-decided', PASSWORDS.REVIEW_NATS_PASSWORD],
    [
      'review',
      'ReviewConcludedWithoutSanction',
      'case-management--review-concluded-without-sanction',
      PASSWORDS.REVIEW_NATS_PASSWORD,
    ],
    ['publicity', 'PublicOpinionForwarded', 'case-management--public-opinion-forwarded', PASSWORDS.PUBLICITY_NATS_PASSWORD],
    ['publicity', 'OpinionReplied', 'case-management--integrity-opinion-replied', PASSWORDS.PUBLICITY_NATS_PASSWORD],
  ])('lets case-management consume %s events (%s) with its durable %s', async (publisher, type, durable, pass) => {
    const nc = await as(publisher, pass);
    await jetstreamManager(nc).then((jsm) => jsm.streams.add(STREAM));
    await jetstream(nc).publish(`jiandu.evt.${publisher}.${type}.v1`, `${publisher}-${type}`, {
      msgID: `${publisher}-${type}`,
    });
    const caseManagement = await as('case-management', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD);
    expect(await consumeOne(caseManagement, durable, `jiandu.evt.${publisher}.${type}.v1`)).toEqual([`${publisher}-${type}`]);
  });

  describe('supervision', () => {
    const supervision = () => as('supervision', PASSWORDS.SUPERVISION_NATS_PASSWORD);

    it('declares the stream and publishes its own events, deadline signals included, through JetStream', async () => {
      const nc = await supervision();
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add(STREAM);
      await jsm.streams.update('JIANDU_EVENTS', STREAM);
      expect((await jsm.streams.info('JIANDU_EVENTS')).config.name).toBe('JIANDU_EVENTS');
      const js = jetstream(nc);
      for (const type of ['InquiryConcluded', 'VerificationOpened', 'VerificationDecided', 'DeadlineBreached']) {
        const ack = await js.publish(`jiandu.evt.supervision.${type}.v1`, `s-${type}`, { msgID: `s-${type}` });
        expect(ack.stream).toBe('JIANDU_EVENTS');
      }
    });

    it('consumes the case-management events it reacts to with its durables', async () => {
      const caseManagement = await as('case-management', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD);
      await jetstreamManager(caseManagement).then((jsm) => jsm.streams.add(STREAM));
      const js = jetstream(caseManagement);
      for (const type of ['ClueRegistered', 'DispositionApproved', 'ZoneRegistered', 'ClueLinkedToCadre']) {
        await js.publish(`jiandu.evt.case-management.${type}.v1`, `cm-${type}`, { msgID: `cm-${type}` });
      }
      const nc = await supervision();
      expect(await consumeOne(nc, 'supervision--clue-registered', 'jiandu.evt.case-management.ClueRegistered.v1')).toEqual([
        'cm-ClueRegistered',
      ]);
      expect(
        await consumeOne(nc, 'supervision--disposition-approved', 'jiandu.evt.case-management.DispositionApproved.v1'),
      ).toEqual(['cm-DispositionApproved']);
      expect(await consumeOne(nc, 'supervision--zone-registered', 'jiandu.evt.case-management.ZoneRegistered.v1')).toEqual([
        'cm-ZoneRegistered',
      ]);
      expect(
        await consumeOne(nc, 'supervision--clue-linked-to-cadre', 'jiandu.evt.case-management.ClueLinkedToCadre.v1'),
      ).toEqual(['cm-ClueLinkedToCadre']);
    });

    it("consumes review's end of a case without a sanction with its durable", async () => {
      // The same message the case-management durable takes above (de-duplicated by its id).
      const body = 'review-ReviewConcludedWithoutSanction';
      const review = await as('review', PASSWORDS.REVIEW_NATS_PASSWORD);
      await jetstreamManager(review).then((jsm) => jsm.streams.add(STREAM));
      await jetstream(review).publish('jiandu.evt.review.ReviewConcludedWithoutSanction.v1', body, { msgID: body });
      const nc = await supervision();
      const durable = 'supervision--review-concluded-without-sanction';
      expect(await consumeOne(nc, durable, 'jiandu.evt.review.ReviewConcludedWithoutSanction.v1')).toEqual([body]);
    });

    it.each([
      ['petitions', 'petitions--inquiry-concluded', 'InquiryConcluded', PASSWORDS.PETITIONS_NATS_PASSWORD],
      ['petitions', 'petitions--verification-decided', 'VerificationDecided', PASSWORDS.PETITIONS_NATS_PASSWORD],
      ['petitions', 'petitions--case-filing-rejected', 'CaseFilingRejected', PASSWORDS.PETITIONS_NATS_PASSWORD],
      ['case-management', 'case-management--case-filing-rejected', 'CaseFilingRejected', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD],
      ['case-management', 'case-management--inquiry-concluded', 'InquiryConcluded', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD],
      ['case-management', 'case-management--verification-opened', 'VerificationOpened', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD],
      [
        'case-management',
        'case-management--integrity-inquiry-concluded',
        'InquiryConcluded',
        PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD,
      ],
      [
        'case-management',
        'case-management--integrity-verification-decided',
        'VerificationDecided',
        PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD,
      ],
      [
        'case-management',
        'case-management--verification-decided',
        'VerificationDecided',
        PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD,
      ],
    ])('lets %s consume supervision events with its durable %s (%s)', async (user, durable, type, pass) => {
      const publisher = await supervision();
      await jetstreamManager(publisher).then((jsm) => jsm.streams.add(STREAM));
      await jetstream(publisher).publish(`jiandu.evt.supervision.${type}.v1`, `s-${type}`, { msgID: `s-${type}` });
      const nc = await as(user, pass);
      expect(await consumeOne(nc, durable, `jiandu.evt.supervision.${type}.v1`)).toEqual([`s-${type}`]);
    });

    it.each([
      ['petitions', 'petitions--inquiry-concluded', supervisionPublicEvents.InquiryConcluded, PASSWORDS.PETITIONS_NATS_PASSWORD],
      [
        'case-management',
        'case-management--integrity-verification-decided',
        supervisionPublicEvents.VerificationDecided,
        PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD,
      ],
    ])(
      "lets %s consume the latest version, with the clue's cadre (issue 12), on its suffixed durable %s-v<N>",
      async (user, base, contract, pass) => {
        const body = `s-${contract.type}-v${contract.version}`;
        const publisher = await supervision();
        await jetstreamManager(publisher).then((jsm) => jsm.streams.add(STREAM));
        await jetstream(publisher).publish(contract.subject, body, { msgID: body });
        const nc = await as(user, pass);
        expect(await consumeOne(nc, `${base}-v${contract.version}`, contract.subject)).toEqual([body]);
      },
    );

    // The case's chain (issue 12): supervision's case events and review's endings, v2 with the cadre id.
    const sv = supervisionPublicEvents;
    const rv = reviewPublicEvents;
    const REVIEW = ['review', PASSWORDS.REVIEW_NATS_PASSWORD] as const;
    const SUPERVISION = ['supervision', PASSWORDS.SUPERVISION_NATS_PASSWORD] as const;
    it.each<[string, string, EventContract, readonly [string, string], string]>([
      ['review', 'review--case-transferred', sv.CaseTransferredToReview, SUPERVISION, PASSWORDS.REVIEW_NATS_PASSWORD],
      ['petitions', 'petitions--case-filing-rejected', sv.CaseFilingRejected, SUPERVISION, PASSWORDS.PETITIONS_NATS_PASSWORD],
      [
        'case-management',
        'case-management--case-filing-rejected',
        sv.CaseFilingRejected,
        SUPERVISION,
        PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD,
      ],
      ['supervision', 'supervision--sanction-decided', rv.SanctionDecided, REVIEW, PASSWORDS.SUPERVISION_NATS_PASSWORD],
      [
        'supervision',
        'supervision--review-concluded-without-sanction',
        rv.ReviewConcludedWithoutSanction,
        REVIEW,
        PASSWORDS.SUPERVISION_NATS_PASSWORD,
      ],
      ['petitions', 'petitions--sanction-decided', rv.SanctionDecided, REVIEW, PASSWORDS.PETITIONS_NATS_PASSWORD],
      [
        'petitions',
        'petitions--review-concluded-without-sanction',
        rv.ReviewConcludedWithoutSanction,
        REVIEW,
        PASSWORDS.PETITIONS_NATS_PASSWORD,
      ],
      [
        'case-management',
        'case-management--sanction-decided',
        rv.SanctionDecided,
        REVIEW,
        PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD,
      ],
      [
        'case-management',
        'case-management--integrity-sanction-decided',
        rv.SanctionDecided,
        REVIEW,
        PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD,
      ],
      [
        'case-management',
        'case-management--review-concluded-without-sanction',
        rv.ReviewConcludedWithoutSanction,
        REVIEW,
        PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD,
      ],
    ])(
      "lets %s consume the case chain's latest version, with the clue's cadre (issue 12), on its suffixed durable %s-v<N>",
      async (user, base, contract, [publisherUser, publisherPass], pass) => {
        const body = `${contract.service}-${contract.type}-v${contract.version}`;
        const publisher = await as(publisherUser, publisherPass);
        await jetstreamManager(publisher).then((jsm) => jsm.streams.add(STREAM));
        await jetstream(publisher).publish(contract.subject, body, { msgID: body });
        const nc = await as(user, pass);
        expect(await consumeOne(nc, `${base}-v${contract.version}`, contract.subject)).toEqual([body]);
      },
    );

    it('keeps supervision off the commands and queries of other services, their events, raw event subjects and stream administration', async () => {
      const nc = await supervision();
      expect(await violation(nc, () => void nc.subscribe('jiandu.cmd.petitions.>'))).toBeDefined();
      expect(await violation(nc, () => void nc.subscribe('jiandu.qry.case-management.>'))).toBeDefined();
      expect(await violation(nc, () => nc.publish('jiandu.cmd.case-management.registerClue', 'x'))).toBeDefined();
      expect(await violation(nc, () => nc.publish('jiandu.qry.petitions.get', 'x'))).toBeDefined();
      expect(await violation(nc, () => nc.publish('jiandu.evt.case-management.ClueRegistered.v1', 'x'))).toBeDefined();
      // events are read through durables only, never by a core subscription past the stream
      expect(await violation(nc, () => void nc.subscribe('jiandu.evt.>'))).toBeDefined();
      expect(await violation(nc, () => nc.publish('$JS.API.STREAM.DELETE.JIANDU_EVENTS', ''))).toBeDefined();
      expect(await violation(nc, () => nc.publish('$JS.API.STREAM.PURGE.JIANDU_EVENTS', ''))).toBeDefined();
      await expect(
        jetstream(nc).publish('jiandu.evt.petitions.PetitionRegistered.v1', 'forged', { timeout: 1000 }),
      ).rejects.toThrow();
      // the refused administration did not happen
      const ops = await jetstreamManager(await as('ops', PASSWORDS.OPS_NATS_PASSWORD));
      expect((await ops.streams.info('JIANDU_EVENTS')).state.messages).toBeGreaterThan(0);
    });

    it('keeps the other services from publishing supervision events into the stream', async () => {
      for (const [user, pass] of [
        ['petitions', PASSWORDS.PETITIONS_NATS_PASSWORD],
        ['case-management', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD],
      ] as const) {
        const nc = await as(user, pass);
        await expect(
          jetstream(nc).publish('jiandu.evt.supervision.VerificationDecided.v1', 'forged', { timeout: 1000 }),
        ).rejects.toThrow();
      }
    });
  });

  describe('analytics', () => {
    const STREAM = { name: 'JIANDU_EVENTS', subjects: ['jiandu.evt.>'], duplicate_window: 120_000_000_000 };
    const analytics = () => as('analytics', PASSWORDS.ANALYTICS_NATS_PASSWORD);
    const SOURCES = [
      ['petitions', 'PetitionTransferred', PASSWORDS.PETITIONS_NATS_PASSWORD],
      ['case-management', 'ClueRegistered', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD],
      ['supervision', 'InquiryConcluded', PASSWORDS.SUPERVISION_NATS_PASSWORD],
      ['review', 'SanctionDecided', PASSWORDS.REVIEW_NATS_PASSWORD],
      ['publicity', 'OpinionReplied', PASSWORDS.PUBLICITY_NATS_PASSWORD],
    ] as const;

    it('answers the gateway on its queries, and takes no command', async () => {
      const nc = await analytics();
      const gateway = await as('gateway', PASSWORDS.GATEWAY_NATS_PASSWORD);
      nc.subscribe('jiandu.qry.analytics.>', {
        queue: 'analytics',
        callback: (_e, msg) => void msg.respond(`qry:${msg.subject}`),
      });
      await nc.flush();
      expect((await gateway.request('jiandu.qry.analytics.read-ledger', 'x', { timeout: 2000 })).string()).toBe(
        'qry:jiandu.qry.analytics.read-ledger',
      );
      expect(await violation(nc, () => void nc.subscribe('jiandu.cmd.analytics.>'))).toBeDefined();
    });

    it.each(SOURCES)(
      'consumes every event of %s on its durable analytics--<service>, by the service wildcard',
      async (service, type, pass) => {
        const publisher = await as(service, pass);
        await jetstreamManager(publisher).then((jsm) => jsm.streams.add(STREAM));
        await jetstream(publisher).publish(`jiandu.evt.${service}.${type}.v1`, `a-${service}`, { msgID: `a-${service}` });
        const nc = await analytics();
        const jsm = await jetstreamManager(nc);
        const durable = `analytics--${service}`;
        await jsm.consumers.add('JIANDU_EVENTS', {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          filter_subject: `jiandu.evt.${service}.>`,
        });
        const messages = await (
          await jetstream(nc).consumers.get('JIANDU_EVENTS', durable)
        ).fetch({ max_messages: 10, expires: 2000 });
        const seen: string[] = [];
        for await (const msg of messages) {
          seen.push(msg.string());
          msg.ack();
        }
        await nc.flush();
        expect(seen).toContain(`a-${service}`);
      },
    );

    it('reads the whole stream with an ordered consumer and deletes it after (npm run rebuild -- analytics)', async () => {
      const nc = await analytics();
      const jsm = await jetstreamManager(nc);
      const last = (await jsm.streams.info('JIANDU_EVENTS')).state.last_seq;
      expect(last).toBeGreaterThan(0);
      const consumer = await jetstream(nc).consumers.get('JIANDU_EVENTS', {
        // one subject as a string, as the rebuild passes it: nats-server 2.9 takes one filter only
        filter_subjects: 'jiandu.evt.>',
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: 1,
      });
      let read = 0;
      const messages = await consumer.fetch({ max_messages: last, expires: 2000 });
      for await (const msg of messages) {
        read += 1;
        if (msg.seq >= last) break;
      }
      expect(read).toBeGreaterThan(0);
      await expect(consumer.delete()).resolves.toBe(true);
    });

    it('publishes no event, reads none past the stream, and administers no stream', async () => {
      const nc = await analytics();
      expect(await violation(nc, () => nc.publish('jiandu.evt.analytics.LedgerChanged.v1', 'x'))).toBeDefined();
      expect(await violation(nc, () => nc.publish('jiandu.evt.petitions.PetitionRegistered.v1', 'x'))).toBeDefined();
      expect(await violation(nc, () => void nc.subscribe('jiandu.evt.>'))).toBeDefined();
      expect(await violation(nc, () => nc.publish('jiandu.cmd.petitions.register', 'x'))).toBeDefined();
      expect(await violation(nc, () => nc.publish('jiandu.qry.supervision.get', 'x'))).toBeDefined();
      expect(await violation(nc, () => nc.publish('$JS.API.STREAM.DELETE.JIANDU_EVENTS', ''))).toBeDefined();
      expect(await violation(nc, () => nc.publish('$JS.API.STREAM.PURGE.JIANDU_EVENTS', ''))).toBeDefined();
      await expect(
        jetstream(nc).publish('jiandu.evt.supervision.VerificationDecided.v1', 'forged', { timeout: 1000 }),
      ).rejects.toThrow();
    });
  });

  describe('publicity', () => {
    const publicity = () => as('publicity', PASSWORDS.PUBLICITY_NATS_PASSWORD);

    it.each([
      ['petitions', 'jiandu.qry.petitions.screen-candidates', PASSWORDS.PETITIONS_NATS_PASSWORD],
      ['case-management', 'jiandu.qry.case-management.screen-candidates', PASSWORDS.CASE_MANAGEMENT_NATS_PASSWORD],
      ['review', 'jiandu.qry.review.list-sanctions', PASSWORDS.REVIEW_NATS_PASSWORD],
    ])('asks %s its screening query (%s), and the office replies', async (name, subject, pass) => {
      const office = await as(name, pass);
      office.subscribe(subject, { queue: name, callback: (_e, msg) => void msg.respond(`answer:${msg.subject}`) });
      await office.flush();
      const nc = await publicity();
      // (an office's subscription of an earlier test may answer first: either reply proves the request got through)
      expect((await nc.request(subject, 'x', { timeout: 2000 })).string()).toMatch(new RegExp(`^(answer|qry):${subject}$`));
    });

    it('asks nothing else of the other services, and publishes only its own events', async () => {
      const nc = await publicity();
      expect(await violation(nc, () => nc.publish('jiandu.qry.petitions.get-petition', 'x'))).toBeDefined();
      expect(await violation(nc, () => nc.publish('jiandu.cmd.case-management.register-clue', 'x'))).toBeDefined();
      expect(await violation(nc, () => nc.publish('jiandu.qry.review.get-review', 'x'))).toBeDefined();
      expect(await violation(nc, () => void nc.subscribe('jiandu.cmd.petitions.>'))).toBeDefined();
      expect(await violation(nc, () => void nc.subscribe('jiandu.evt.>'))).toBeDefined();
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'JIANDU_EVENTS', subjects: ['jiandu.evt.>'], duplicate_window: 120_000_000_000 });
      const ack = await jetstream(nc).publish('jiandu.evt.publicity.PublicOpinionForwarded.v1', 'p1', { msgID: 'p1' });
      expect(ack.stream).toBe('JIANDU_EVENTS');
      await expect(
        jetstream(nc).publish('jiandu.evt.case-management.ClueRegistered.v1', 'forged', { timeout: 1000 }),
      ).rejects.toThrow();
    });
  });
});
