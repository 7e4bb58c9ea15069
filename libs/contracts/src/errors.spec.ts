import fc from 'fast-check';
import { conflict, DomainException, forbidden, invalid, isDomainError, notFound, unprocessable } from './errors.js';

describe('DomainError', () => {
  it('says what was not found, in both languages', () => {
    expect(notFound({ zh: '信访件', en: 'petition' })).toEqual({
      code: 'NOT_FOUND',
      status: 404,
      message: { zh: '未找到信访件', en: 'petition not found' },
    });
  });

  it('maps each kind to its HTTP status', () => {
    const text = { zh: '不行', en: 'no' };
    expect(forbidden().status).toBe(403);
    expect(conflict('ALREADY_ACCEPTED', text).status).toBe(409);
    expect(invalid([{ path: 'x', message: text }]).status).toBe(400);
    expect(unprocessable('NOT_APPROVED', text).status).toBe(422);
  });

  it('carries the field errors of an invalid request', () => {
    const fields = [{ path: 'title', message: { zh: '缺少必填字段 title', en: 'missing required field title' } }];
    expect(invalid(fields).fields).toEqual(fields);
  });

  it('survives JSON serialisation, as it crosses NATS', () => {
    const error = unprocessable('NOT_APPROVED', { zh: '未经批准', en: 'not approved' });
    const copy: unknown = JSON.parse(JSON.stringify(error));
    expect(isDomainError(copy)).toBe(true);
    expect(copy).toEqual(error);
  });

  it('is told apart from events and other values', () => {
    expect(isDomainError([])).toBe(false);
    expect(isDomainError({ type: 'PetitionAccepted', data: {} })).toBe(false);
    expect(isDomainError({ code: 'X', status: 500, message: { zh: '', en: '' } })).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
    fc.assert(fc.property(fc.jsonValue(), (v) => void isDomainError(v)));
  });

  it('can be thrown and caught with its value intact', () => {
    const error = conflict('DUPLICATE', { zh: '重复', en: 'duplicate' });
    const thrown = new DomainException(error);
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown.error).toBe(error);
    expect(thrown.message).toBe('DUPLICATE: duplicate');
  });
});
