import { SUBJECT_PREFIX } from '@jiandu/contracts';
console.log(SUBJECT_PREFIX);
