import fc from 'fast-check';
import { petitionOperations, supervisionOperations } from './index.js';
import { checkRequest } from './operation.js';

const letter = (issueSummary: string) =>
  checkRequest(supervisionOperations.sendInquiryLetter, { inquiryId: 'i-1', issueSummary });
const petition = (summary: string) =>
  checkRequest(petitionOperations.registerPetition, {
    channel: 'letter',
    realName: false,
    accused: { name: '张三', position: '主任', unitId: 'u-1' },
    category: '违反八项规定',
    summary,
    content: '详细内容',
  });

describe('Typed text in the contract', () => {
  it('takes any text with a visible character and no NUL or lone surrogate, astral characters included', () => {
    const ok = fc
      .tuple(fc.string({ unit: 'grapheme', maxLength: 100 }), fc.constantFrom('x', '中', '😀'))
      .map(([s, c]) => `${s}${c}`.replaceAll(String.fromCharCode(0), ''))
      .filter((text) => text.length <= 500);
    fc.assert(fc.property(ok, (text) => petition(text).ok));
  });

  it('refuses blank text, whatever the whitespace', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\u3000', '\u00a0'), { minLength: 1, maxLength: 20 }),
        (spaces) => {
          const result = letter(spaces.join(''));
          return !result.ok && result.fields[0]!.path === 'issueSummary';
        },
      ),
    );
  });

  it('refuses a NUL or a lone surrogate anywhere, with a bilingual message naming the field', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uDBFF'),
        fc.string({ maxLength: 30 }),
        (before, bad, after) => {
          const result = petition(`摘要${before}${bad}${after}`);
          return (
            !result.ok &&
            result.fields.some((f) => f.path === 'summary' && f.message.zh.includes('summary') && f.message.en.includes('NUL'))
          );
        },
      ),
    );
  });
});
