// Office patterns of the supervision contracts, as the domain checks them (JSON Schema strings).
export const HANDLING_OFFICE = '^(supervision-office-[1-9]\\d*|dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*)$';
export const SUPERVISION_OFFICE = '^supervision-office-[1-9]\\d*$';
export const DISPATCHED_AGENCY = '^dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*$';
export const OFFICE =
  '^(petition-office|case-management|conduct-office|review-office|general-office|publicity-dept|leadership|supervision-office-[1-9]\\d*|dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*)$';
