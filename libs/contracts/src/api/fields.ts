// Field schemas reused by several operations: identifiers, dates, people, history entries.
import { Type } from '@sinclair/typebox';
import { object, TEXT_PATTERN } from '../validation.js';

/** Registry and aggregate ids: safe in a URL path and a log line. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' });

/** 'supervision-office-1', 'leadership', … (see domain/DOMAIN.md). */
export const Office = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9-]*$' });

export const DateTime = Type.String({ format: 'date-time', maxLength: 40 });
export const CalendarDate = Type.String({ format: 'date', maxLength: 10 });

/** Text a person typed (see TEXT_PATTERN). */
export const FreeText = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: TEXT_PATTERN });

/** A short free text line, and a longer explanation. */
export const Line = (maxLength = 200) => FreeText(maxLength);
export const Note = FreeText(2000);

export const ActorRef = Type.Object({ sub: Type.String(), name: Type.String(), office: Type.String() });

/** One step in an aggregate's life: who did what, when. */
export const HistoryEntry = Type.Object({ type: Type.String(), at: DateTime, actor: ActorRef });

/** Paged lists. */
export const Page = Type.Integer({ minimum: 1, maximum: 100_000, default: 1 });
export const PageSize = Type.Integer({ minimum: 1, maximum: 200, default: 20 });

/** Requests without parameters still reject unknown ones. */
export const NoParams = object({});

/** A state change answers with where the aggregate now stands. */
export const StatusChanged = Type.Object({ id: Id, status: Type.String() });
