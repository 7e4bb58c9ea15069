// Files through the gateway: a service answers a generated file in base64 over NATS (GeneratedFile),
// the gateway sends the bytes themselves with their media type and name; `?format=xlsx` on a ledger
// goes to the export operation without `format`; the OpenAPI document names the media types.
import { DOCX_MEDIA_TYPE, XLSX_MEDIA_TYPE } from '@jiandu/contracts';
import { contractChecker } from '@jiandu/testing';
import { buildOpenApiDocument } from '../src/openapi.js';
import { attachment } from '../src/forward.js';
import { lastCall, startHarness, tokenFor, type Harness } from './harness.js';

let h: Harness;
let analyst: string;
let petitionOffice: string;
const BYTES = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x10, 0x80, 0x7f]); // a zip's start, and bytes no text keeps
beforeAll(async () => {
  h = await startHarness();
  [analyst, petitionOffice] = await Promise.all([tokenFor('case-management'), tokenFor('petition-office')]);
});
afterAll(() => h.close());

const get = (path: string, token = analyst) => fetch(h.url + path, { headers: { authorization: `Bearer ${token}` } });

describe('a ledger with ?format=xlsx', () => {
  it('forwards the filters without format to export-ledger and sends the workbook’s bytes', async () => {
    h.stub.respond(() => ({
      ok: true,
      value: { fileName: 'clues-2026-09-30.xlsx', mediaType: XLSX_MEDIA_TYPE, contentBase64: BYTES.toString('base64') },
    }));
    const res = await get('/api/v1/analytics/ledgers/clues?format=xlsx&state=assigned&order=desc');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_MEDIA_TYPE);
    expect(res.headers.get('content-disposition')).toBe(attachment('clues-2026-09-30.xlsx'));
    const body = Buffer.from(await res.arrayBuffer());
    expect(body).toEqual(BYTES);
    // The answer conforms to the document: a declared media type, its bytes under no JSON schema.
    const contract = contractChecker(buildOpenApiDocument() as Record<string, unknown>);
    const answer = { status: res.status, headers: res.headers, body: body.toString('latin1') };
    expect(contract.problems('GET', '/api/v1/analytics/ledgers/clues?format=xlsx', answer)).toEqual([]);
    const forwarded = lastCall(h);
    expect(forwarded.subject).toBe('jiandu.qry.analytics.export-ledger');
    expect(forwarded.data.payload).toEqual({ ledger: 'clues', state: 'assigned', order: 'desc' });
  });

  it('answers JSON for format=json or none, and 400 naming format for another', async () => {
    h.stub.respond(() => ({ ok: true, value: { ledger: 'clues', items: [], total: 0, asOf: '2026-09-30T02:00:00.000Z' } }));
    const json = await get('/api/v1/analytics/ledgers/clues?format=json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(lastCall(h).subject).toBe('jiandu.qry.analytics.read-ledger');
    expect(lastCall(h).data.payload).toEqual({ ledger: 'clues', page: 1, pageSize: 20 });
    const before = h.stub.calls.length;
    const bad = await get('/api/v1/analytics/ledgers/clues?format=pdf');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { code: string; fields: { path: string; message: { zh: string; en: string } }[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fields.map((f) => f.path)).toEqual(['format']);
    expect(body.fields[0]?.message.zh).toContain('xlsx');
    expect(h.stub.calls.length).toBe(before);
  });

  it('answers 401 or 403 before it says the format is wrong: only a caller the route lets in learns it', async () => {
    const before = h.stub.calls.length;
    const [tampered, none, outside] = await Promise.all([
      get('/api/v1/analytics/clocks?format=pdf', `${analyst.slice(0, -2)}xx`),
      fetch(`${h.url}/api/v1/analytics/ledgers/clues?format=pdf`),
      get('/api/v1/analytics/clocks?format=pdf', petitionOffice),
    ]);
    expect([tampered.status, none.status, outside.status]).toEqual([401, 401, 403]);
    expect(h.stub.calls.length).toBe(before);
  });

  it('is a 500 when the service answers something else than the file the route promises', async () => {
    h.stub.respond(() => ({ ok: true, value: { fileName: 'x.docx', mediaType: DOCX_MEDIA_TYPE, contentBase64: '' } }));
    expect((await get('/api/v1/analytics/ledgers/clues?format=xlsx')).status).toBe(500);
  });
});

describe('the 通报 as .docx', () => {
  it('forwards the period to read-bulletin and sends the document; other offices are refused before', async () => {
    h.stub.respond(() => ({
      ok: true,
      value: { fileName: 'bulletin-2026-H1.docx', mediaType: DOCX_MEDIA_TYPE, contentBase64: BYTES.toString('base64') },
    }));
    const res = await get('/api/v1/analytics/bulletins/2026-H1.docx?asOf=2026-06-30T16:00:00Z');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCX_MEDIA_TYPE);
    expect(res.headers.get('content-disposition')).toContain('filename="bulletin-2026-H1.docx"');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(BYTES);
    expect(lastCall(h).subject).toBe('jiandu.qry.analytics.read-bulletin');
    expect(lastCall(h).data.payload).toEqual({ period: '2026-H1', asOf: '2026-06-30T16:00:00Z' });
    const before = h.stub.calls.length;
    expect((await get('/api/v1/analytics/bulletins/2026-07.docx')).status).toBe(400);
    expect((await get('/api/v1/analytics/bulletins/2026-H1.docx', petitionOffice)).status).toBe(403);
    expect(h.stub.calls.length).toBe(before);
  });
});

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  it('names the workbook as a second media type of the ledger, with the format parameter', () => {
    const op = doc.paths['/api/v1/analytics/ledgers/{name}']?.['get'];
    expect(Object.keys(op.responses['200'].content).sort()).toEqual(['application/json', XLSX_MEDIA_TYPE].sort());
    expect(op.responses['200'].content[XLSX_MEDIA_TYPE].schema).toEqual({ type: 'string', format: 'binary' });
    expect(op.parameters.find((p: { name: string }) => p.name === 'format').schema.enum).toEqual(['json', 'xlsx']);
    expect(op.responses['400'].description).toContain('TOO_MANY_ROWS');
  });
  it('names the bulletin’s media type', () => {
    const op = doc.paths['/api/v1/analytics/bulletins/{period}.docx']?.['get'];
    expect(Object.keys(op.responses['200'].content)).toEqual([DOCX_MEDIA_TYPE]);
    expect(op.responses['200'].headers['Content-Disposition']).toBeDefined();
  });
});
