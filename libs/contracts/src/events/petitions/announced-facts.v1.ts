// What every public petition event (but PetitionTransferred) tells analysis about the petition:
// which one, how it came in, its coded categories, the accused's unit and whether the reporter gave
// a name. Never the reporter, the accused's name, the summary, the content or the lookup code.
// Published contracts are built on these fields: never edit them; a change is a new file.
import { Type } from '@sinclair/typebox';
import { CategoryCodes } from '../../api/categories.js';

export const announcedFactsV1 = {
  petitionId: Type.String({ minLength: 1, maxLength: 64 }),
  channel: Type.Union([
    Type.Literal('letter'),
    Type.Literal('visit'),
    Type.Literal('phone'),
    Type.Literal('online'),
    Type.Literal('referred'),
  ]),
  categories: CategoryCodes,
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  realName: Type.Boolean(),
};

/** A day in Beijing (YYYY-MM-DD). */
export const dayV1 = Type.String({ format: 'date', maxLength: 10 });
