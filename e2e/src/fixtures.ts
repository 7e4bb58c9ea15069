// What the offices do, as the public HTTP contract says: used by every end-to-end suite.
import type { System } from './system.js';

export const REPORTER = {
  name: '举报人甲乙',
  phone: '13912345678',
  idNumber: '610111199001019876',
  address: '西安市灞桥区纺织城某巷17号',
};
export const REPORTER_VALUES = Object.values(REPORTER);

export interface Tokens {
  petitionOffice: string;
  caseManagement: string;
  office1: string;
  office2: string;
  leadership: string;
}

export async function tokens(sys: System): Promise<Tokens> {
  return {
    petitionOffice: await sys.token({ office: 'petition-office', name: '信访室干部' }),
    caseManagement: await sys.token({ office: 'case-management', name: '案管室干部' }),
    office1: await sys.token({ office: 'supervision-office-1', name: '一室干部', zones: ['z1'] }),
    office2: await sys.token({ office: 'supervision-office-2', name: '二室干部', zones: ['z2'] }),
    leadership: await sys.token({ office: 'leadership', name: '委领导', roles: ['leader'] }),
  };
}

export async function registerZonesAndUnits(sys: System, t: Tokens): Promise<void> {
  const calls: [string, unknown][] = [
    ['/api/v1/zones', { id: 'z1', name: '第一协作区', office: 'supervision-office-1' }],
    ['/api/v1/zones', { id: 'z2', name: '第二协作区', office: 'supervision-office-2' }],
    ['/api/v1/units', { id: 'u-street', name: '某街道办事处', zoneId: 'z1', staffCount: 120 }],
    ['/api/v1/units', { id: 'u-bureau', name: '区某局', zoneId: 'z2', staffCount: 80 }],
  ];
  for (const [url, body] of calls) {
    const res = await sys.api('POST', url, t.caseManagement, body);
    if (res.status !== 201) throw new Error(`${url} → ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export function petitionBody(unitId: string, realName = true) {
  return {
    channel: 'letter',
    realName,
    ...(realName ? { reporter: REPORTER } : {}),
    accused: { name: '被反映人丙', position: '副主任', unitId },
    category: '违反中央八项规定精神',
    summary: '反映其违规接受宴请',
    content: '反映某副主任多次违规接受管理服务对象宴请。',
  };
}

/** Registered, accepted and transferred: returns the petition id. */
export async function transferPetition(
  sys: System,
  t: Tokens,
  unitId: string,
  realName = true,
): Promise<{ id: string; lookupCode: string }> {
  const created = await sys.api('POST', '/api/v1/petitions', t.petitionOffice, petitionBody(unitId, realName));
  if (created.status !== 201) throw new Error(`register → ${created.status} ${JSON.stringify(created.body)}`);
  const { id, lookupCode } = created.body as { id: string; lookupCode: string };
  for (const step of ['accept', 'transfer']) {
    const res = await sys.api('POST', `/api/v1/petitions/${id}/${step}`, t.petitionOffice);
    if (res.status !== 200) throw new Error(`${step} → ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { id, lookupCode };
}

export const clueIdOf = (petitionId: string) => `c-${petitionId}`;
