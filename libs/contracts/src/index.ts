export const SUBJECT_PREFIX = 'jiandu';
